// Carries log fields (tenant, trace, request) through async calls so every log line of a unit of work has them.
import { AsyncLocalStorage } from 'node:async_hooks';

/** Fields every log line written inside withLogContext carries. */
export interface LogContext {
  tenantId?: string;
  traceId?: string;
  spanId?: string;
  requestId?: string;
  [key: string]: unknown;
}

const EMPTY: LogContext = Object.freeze({});

// The one module-level instance in the runtime: async context is process-wide by nature, and the logger
// must find it without every caller threading it through.
const storage = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with `fields` merged over the surrounding context; returns what `fn` returns. */
export function withLogContext<T>(fields: LogContext, fn: () => T): T {
  return storage.run(Object.freeze({ ...currentLogContext(), ...fields }), fn);
}

/** The fields in effect here; an empty object outside any withLogContext. */
export function currentLogContext(): LogContext {
  return storage.getStore() ?? EMPTY;
}
