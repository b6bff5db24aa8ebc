// Maps the backend's typed errors to problem+json, once, at the edge: mount right before problemHandler.
import type { ErrorRequestHandler } from 'express';
import { ProblemError } from '@tenantry/runtime';
import { BackendError, type BackendErrorKind } from '../backend-error.js';

const statusOf: Record<BackendErrorKind, number> = {
  'bad-request': 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  'precondition-failed': 412,
  invalid: 422,
  'precondition-required': 428,
  unavailable: 503,
};

export function backendErrorMapper(): ErrorRequestHandler {
  return (error: unknown, _req, _res, next) => {
    next(error instanceof BackendError ? toProblem(error) : error);
  };
}

export function toProblem(error: BackendError): ProblemError {
  const headers: Record<string, string> = {};
  // RFC 6750 §3: a refused bearer token is answered with a challenge naming the error.
  if (error.kind === 'unauthenticated') headers['WWW-Authenticate'] = 'Bearer realm="tenantry", error="invalid_token"';
  if (error.retryAfterSeconds !== undefined) headers['Retry-After'] = String(Math.max(0, Math.ceil(error.retryAfterSeconds)));
  return new ProblemError({
    status: statusOf[error.kind],
    code: error.code,
    detail: sentence(error.message),
    headers,
    ...(error.fields === undefined ? {} : { errors: error.fields }),
    // Only a dependency failure underneath carries a cause; the problem handler logs those.
    ...(error.cause === undefined ? {} : { cause: error.cause }),
  });
}

/** Messages are lower-case clauses (they also go into logs); a problem's detail is a sentence. */
function sentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
