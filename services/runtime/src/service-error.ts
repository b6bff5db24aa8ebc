// The one error type a service's modules throw for an expected failure: a stable code plus the kind of
// failure, independent of HTTP. problemHandler turns each kind into one status, once, at the edge.
import { TenantryError } from './errors.js';
import { ProblemError, type ProblemFieldError } from './problem.js';

/** What went wrong; each kind is one HTTP status. */
export type ServiceErrorKind =
  | 'bad-request' // the input is malformed (400)
  | 'unauthenticated' // no or an invalid bearer token (401)
  | 'forbidden' // the caller may not do this (403)
  | 'not-found' // the thing named does not exist (404)
  | 'conflict' // the request clashes with the current state (409)
  | 'precondition-failed' // If-Match names another version (412)
  | 'invalid' // well-formed, but refers to something impossible or breaks a data rule (422)
  | 'precondition-required' // a write that needs If-Match came without it (428)
  | 'unavailable'; // not possible yet; try again later (503)

const statusOf: Record<ServiceErrorKind, number> = {
  'bad-request': 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'precondition-failed': 412,
  invalid: 422,
  'precondition-required': 428,
  unavailable: 503,
};

export interface ServiceErrorOptions {
  /** The offending input fields, named as the caller sent them ("databaseServer", "admins[0]"). */
  readonly fields?: readonly ProblemFieldError[];
  /** For `unavailable`: when trying again makes sense. */
  readonly retryAfterSeconds?: number;
  /** Only a dependency failure underneath carries one; the problem handler logs those. */
  readonly cause?: unknown;
}

/** `K` narrows the kinds a service uses (the platform never answers 428, say). */
export class ServiceError<K extends ServiceErrorKind = ServiceErrorKind> extends TenantryError {
  readonly kind: K;
  readonly fields?: readonly ProblemFieldError[];
  readonly retryAfterSeconds?: number;

  constructor(kind: K, code: string, message: string, options: ServiceErrorOptions = {}) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    if (options.fields !== undefined) this.fields = options.fields;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

// RFC 6750 §3: a refused bearer token is answered with a challenge naming the error.
const bearerChallenge = 'Bearer realm="tenantry", error="invalid_token"';

/** The problem document a ServiceError is answered with. */
export function serviceErrorProblem(error: ServiceError): ProblemError {
  const headers: Record<string, string> = {};
  if (error.kind === 'unauthenticated') headers['WWW-Authenticate'] = bearerChallenge;
  // Retry-After takes whole seconds (RFC 9110 §10.2.3).
  if (error.retryAfterSeconds !== undefined) headers['Retry-After'] = String(Math.max(0, Math.ceil(error.retryAfterSeconds)));
  return new ProblemError({
    status: statusOf[error.kind],
    code: error.code,
    detail: sentence(error.message),
    headers,
    ...(error.fields === undefined ? {} : { errors: error.fields }),
    ...(error.cause === undefined ? {} : { cause: error.cause }),
  });
}

/** Messages are lower-case clauses (they also go into logs); a problem's detail is a sentence. */
function sentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
