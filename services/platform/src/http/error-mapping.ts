// Maps the platform's typed errors to problem+json, once, at the edge: mount right before problemHandler.
import type { ErrorRequestHandler } from 'express';
import { ProblemError } from '@tenantry/runtime';
import { PlatformError, type PlatformErrorKind } from '../platform-error.js';

const statusOf: Record<PlatformErrorKind, number> = {
  'bad-request': 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  invalid: 422,
  unavailable: 503,
};

export function platformErrorMapper(): ErrorRequestHandler {
  return (error: unknown, _req, _res, next) => {
    next(error instanceof PlatformError ? toProblem(error) : error);
  };
}

export function toProblem(error: PlatformError): ProblemError {
  return new ProblemError({
    status: statusOf[error.kind],
    code: error.code,
    detail: sentence(error.message),
    ...(error.fields === undefined ? {} : { errors: error.fields }),
    ...(error.retryAfterSeconds === undefined ? {} : { headers: { 'Retry-After': String(Math.ceil(error.retryAfterSeconds)) } }),
    // Only a dependency failure underneath carries a cause; the problem handler logs those.
    ...(error.cause === undefined ? {} : { cause: error.cause }),
  });
}

/** Messages are lower-case clauses (they also go into logs); a problem's detail is a sentence. */
function sentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
