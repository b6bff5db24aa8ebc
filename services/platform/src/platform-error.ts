// The one error type the platform's services throw: a stable code plus the kind of failure, mapped to HTTP once.
import { TenantryError } from '@tenantry/runtime';

/** What went wrong, independent of the protocol: the HTTP edge turns each kind into one status. */
export type PlatformErrorKind =
  | 'bad-request' // the input is malformed (400)
  | 'forbidden' // the caller may not do this (403)
  | 'not-found' // the thing named does not exist (404)
  | 'conflict' // the request clashes with the current state (409)
  | 'invalid' // well-formed but refers to something impossible (422)
  | 'unavailable'; // not possible yet; try again later (503)

/** One offending input field, named as the caller sent it ("databaseServer", "admins[0]"). */
export interface PlatformFieldError {
  readonly field: string;
  readonly message: string;
}

export interface PlatformErrorOptions {
  readonly fields?: readonly PlatformFieldError[];
  /** For `unavailable`: when trying again makes sense. */
  readonly retryAfterSeconds?: number;
  readonly cause?: unknown;
}

export class PlatformError extends TenantryError {
  readonly kind: PlatformErrorKind;
  readonly fields?: readonly PlatformFieldError[];
  readonly retryAfterSeconds?: number;

  constructor(kind: PlatformErrorKind, code: string, message: string, options: PlatformErrorOptions = {}) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    if (options.fields !== undefined) this.fields = options.fields;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
