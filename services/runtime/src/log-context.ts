// Carries log fields (tenant, trace, request) through async calls so every log line of a unit of work has them.
import { AsyncLocalStorage } from 'node:async_hooks';

/** Fields every log line written inside withLogContext carries; traceId/spanId come from the active span. */
export interface LogContext {
  tenantId?: string;
  traceId?: string;
  spanId?: string;
  requestId?: string;
  [key: string]: unknown;
}

interface Frame {
  readonly fields: LogContext;
  /** Fields learnt during the unit of work (see annotateLogContext); shared by every frame nested in it. */
  readonly learnt: LogContext;
}

const ROOT: Frame = Object.freeze({ fields: Object.freeze({}), learnt: Object.freeze({}) });

// The one module-level instance in the runtime: async context is process-wide by nature, and the logger
// must find it without every caller threading it through.
const storage = new AsyncLocalStorage<Frame>();

/** Runs `fn` with `fields` merged over the surrounding context; returns what `fn` returns. */
export function withLogContext<T>(fields: LogContext, fn: () => T): T {
  const frame = currentFrame();
  return storage.run({ fields: Object.freeze({ ...frame.fields, ...fields }), learnt: frame.learnt }, fn);
}

/**
 * Runs `fn` as one unit of work (a request, a reconcile) whose context annotateLogContext can still extend
 * after it started, e.g. with the tenant once the request is authenticated.
 */
export function withLogScope<T>(fields: LogContext, fn: () => T): T {
  return storage.run({ fields: Object.freeze({ ...currentFrame().fields, ...fields }), learnt: {} }, fn);
}

/**
 * Adds `fields` to every later line of the current unit of work, including lines bound to its start such as
 * the access line; they win over withLogContext fields. Returns false outside any withLogScope.
 */
export function annotateLogContext(fields: LogContext): boolean {
  const frame = storage.getStore();
  if (frame === undefined || Object.isFrozen(frame.learnt)) return false;
  Object.assign(frame.learnt, fields);
  return true;
}

/**
 * Runs `fn` outside every unit of work, for what belongs to none though it happens during one: a pooled
 * connection, opened by one request, failing while idle must not be logged under that request's id.
 */
export function outsideLogContext<T>(fn: () => T): T {
  return storage.exit(fn);
}

/** The fields in effect here; an empty object outside any withLogContext. */
export function currentLogContext(): LogContext {
  return contextOf(currentFrame());
}

/** The unit of work in effect here, to read its context later (logContextOf) without binding a callback to it. */
export type LogFrame = Frame;

export function currentLogFrame(): LogFrame {
  return currentFrame();
}

/** A frame's fields as they are now, those learnt since it was taken included. */
export function logContextOf(frame: LogFrame): LogContext {
  return contextOf(frame);
}

function contextOf({ fields, learnt }: Frame): LogContext {
  for (const _key in learnt) return Object.freeze({ ...fields, ...learnt });
  return fields;
}

function currentFrame(): Frame {
  return storage.getStore() ?? ROOT;
}
