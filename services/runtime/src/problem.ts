// RFC 9457 problem details: the one error type HTTP handlers throw, its factories, and input validation.
import { STATUS_CODES } from 'node:http';
import type { z } from 'zod';
import { TenantryError } from './errors.js';

/** One invalid input field; `field` is a path such as "title" or "items[0].name". */
export interface ProblemFieldError {
  readonly field: string;
  readonly message: string;
}

export interface ProblemInit {
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  /** A URI identifying the problem type; "about:blank" (the status says it all) by default. */
  readonly type?: string;
  /** Defaults to the HTTP reason phrase of `status`. */
  readonly title?: string;
  readonly errors?: readonly ProblemFieldError[];
  /** Extra members of the problem document (RFC 9457 §3.2); they never replace the standard ones. */
  readonly extensions?: Readonly<Record<string, unknown>>;
  /** Response headers the problem needs, such as WWW-Authenticate or Retry-After. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly cause?: unknown;
}

/** Options every factory accepts, to give a problem its own code, type or extra members. */
export type ProblemOptions = Partial<Pick<ProblemInit, 'code' | 'type' | 'title' | 'extensions' | 'cause'>>;

/** The JSON body of an application/problem+json response. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: readonly ProblemFieldError[];
  [extension: string]: unknown;
}

export class ProblemError extends TenantryError {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly errors?: readonly ProblemFieldError[];
  readonly extensions?: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(init: ProblemInit) {
    super(init.code, init.detail, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.type = init.type ?? 'about:blank';
    this.title = init.title ?? STATUS_CODES[init.status] ?? 'Error';
    this.detail = init.detail;
    if (init.errors !== undefined) this.errors = init.errors;
    if (init.extensions !== undefined) this.extensions = init.extensions;
    this.headers = init.headers ?? {};
  }

  /** The response body; `instance` identifies this occurrence, typically the request path. */
  toDocument(instance?: string): ProblemDocument {
    const document: ProblemDocument = {
      ...this.extensions,
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.detail,
      code: this.code,
    };
    if (instance !== undefined) document.instance = instance;
    if (this.errors !== undefined) document.errors = this.errors;
    return document;
  }
}

function problem(status: number, defaultCode: string, detail: string, options: ProblemOptions, more: Partial<ProblemInit> = {}) {
  return new ProblemError({ ...options, ...more, status, detail, code: options.code ?? defaultCode });
}

export function badRequest(detail: string, errors?: readonly ProblemFieldError[], options: ProblemOptions = {}) {
  return problem(400, 'BAD_REQUEST', detail, options, errors === undefined ? {} : { errors });
}

export interface UnauthorizedOptions extends ProblemOptions {
  /** The challenge, e.g. `Bearer error="invalid_token"` (RFC 6750 §3). */
  readonly wwwAuthenticate?: string;
}

export function unauthorized(detail: string, { wwwAuthenticate, ...options }: UnauthorizedOptions = {}) {
  const headers = wwwAuthenticate === undefined ? undefined : { 'WWW-Authenticate': wwwAuthenticate };
  return problem(401, 'UNAUTHORIZED', detail, options, headers === undefined ? {} : { headers });
}

export function forbidden(detail: string, options: ProblemOptions = {}) {
  return problem(403, 'FORBIDDEN', detail, options);
}

export function notFound(detail: string, options: ProblemOptions = {}) {
  return problem(404, 'NOT_FOUND', detail, options);
}

export function conflict(detail: string, options: ProblemOptions = {}) {
  return problem(409, 'CONFLICT', detail, options);
}

export function preconditionFailed(detail: string, options: ProblemOptions = {}) {
  return problem(412, 'PRECONDITION_FAILED', detail, options);
}

export function unprocessable(detail: string, errors: readonly ProblemFieldError[], options: ProblemOptions = {}) {
  return problem(422, 'UNPROCESSABLE', detail, options, { errors });
}

export function tooManyRequests(detail: string, retryAfterSeconds: number, options: ProblemOptions = {}) {
  return problem(429, 'TOO_MANY_REQUESTS', detail, options, { headers: retryAfter(retryAfterSeconds) });
}

export function serviceUnavailable(detail: string, retryAfterSeconds?: number, options: ProblemOptions = {}) {
  const more = retryAfterSeconds === undefined ? {} : { headers: retryAfter(retryAfterSeconds) };
  return problem(503, 'SERVICE_UNAVAILABLE', detail, options, more);
}

export function internalError(detail = 'An unexpected error occurred.', options: ProblemOptions = {}) {
  return problem(500, 'INTERNAL', detail, options);
}

// Retry-After takes whole seconds (RFC 9110 §10.2.3).
function retryAfter(seconds: number): Record<string, string> {
  return { 'Retry-After': String(Math.max(0, Math.ceil(seconds))) };
}

/** Returns the parsed body, or throws a 400 problem (code VALIDATION_FAILED) with one entry per issue. */
export function validateBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  return validateInput(schema, body, 'The request body is invalid.');
}

/** Like validateBody, for `req.query`. */
export function validateQuery<S extends z.ZodType>(schema: S, query: unknown): z.infer<S> {
  return validateInput(schema, query, 'The query string is invalid.');
}

function validateInput<S extends z.ZodType>(schema: S, input: unknown, detail: string): z.infer<S> {
  const result = schema.safeParse(input);
  const errors = result.success ? [] : result.error.issues.map((issue) => ({ field: fieldPath(issue.path), message: issue.message }));
  // PostgreSQL text cannot hold U+0000: a NUL anywhere would reach the database as a 500. Every input is text on its
  // way there, so no schema needs to say it.
  for (const path of nulPaths(input)) errors.push({ field: fieldPath(path), message: 'must not contain the NUL character (U+0000)' });
  if (errors.length === 0 && result.success) return result.data;
  throw badRequest(detail, errors, { code: 'VALIDATION_FAILED' });
}

/** The paths of every string (keys included) that holds U+0000 in a parsed JSON body, query or path parameters. */
function nulPaths(value: unknown, path: PropertyKey[] = [], found: PropertyKey[][] = []): PropertyKey[][] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => nulPaths(item, [...path, index], found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) found.push([...path, key]);
      nulPaths(item, [...path, key], found);
    }
  }
  return found;
}

/** ["items", 0, "name"] → "items[0].name"; the empty path (the input itself) → "(root)". */
export function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}
