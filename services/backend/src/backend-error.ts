// The one error type the backend's modules throw: a stable code plus the kind of failure, mapped to HTTP once.
import { TenantryError } from '@tenantry/runtime';

/** What went wrong, independent of HTTP: the edge (http/error-mapping.ts) turns each kind into one status. */
export type BackendErrorKind =
  | 'bad-request' // malformed input (400)
  | 'unauthenticated' // no or an invalid internal token (401)
  | 'forbidden' // the caller may not do this (403)
  | 'not-found' // nothing by that id (404)
  | 'precondition-failed' // If-Match names another version (412)
  | 'invalid' // well-formed input the data rules refuse (422)
  | 'precondition-required' // a write that needs If-Match came without it (428)
  | 'unavailable'; // not possible yet; try again later (503)

/** One offending input field, named as the caller sent it. */
export interface BackendFieldError {
  readonly field: string;
  readonly message: string;
}

export interface BackendErrorOptions {
  readonly fields?: readonly BackendFieldError[];
  readonly retryAfterSeconds?: number;
  readonly cause?: unknown;
}

export class BackendError extends TenantryError {
  readonly kind: BackendErrorKind;
  readonly fields?: readonly BackendFieldError[];
  readonly retryAfterSeconds?: number;

  constructor(kind: BackendErrorKind, code: string, message: string, options: BackendErrorOptions = {}) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    if (options.fields !== undefined) this.fields = options.fields;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
