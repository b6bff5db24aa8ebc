// Spans for units of work no instrumentation sees (a reconcile and its phases), and the ids log lines carry.
import { ROOT_CONTEXT, SpanStatusCode, context, isSpanContextValid, trace, type Attributes } from '@opentelemetry/api';
import { outsideLogContext } from './log-context.js';

const TRACER_NAME = '@tenantry/runtime';

export interface SpanOptions {
  readonly attributes?: Attributes;
  /** Start a new trace instead of joining the active one, e.g. for each reconcile pass. */
  readonly root?: boolean;
}

/**
 * Runs `fn` inside a new active span, so the HTTP calls and queries it makes become its children; an error
 * marks the span failed and is rethrown. With tracing off this is a plain call of `fn`.
 */
export async function withSpan<T>(name: string, fn: () => T | Promise<T>, options: SpanOptions = {}): Promise<T> {
  // Looked up per call, not kept: the tracer provider is installed (or replaced, in tests) after this module loads.
  const spanOptions = { ...(options.attributes ? { attributes: options.attributes } : {}), root: options.root === true };
  return trace.getTracer(TRACER_NAME).startActiveSpan(name, spanOptions, async (span) => {
    try {
      return await fn();
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** `traceId` and `spanId` of the active span, for log lines; undefined outside any traced unit of work. */
export function activeTraceIds(): { traceId: string; spanId: string } | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (spanContext === undefined || !isSpanContextValid(spanContext)) return undefined;
  return { traceId: spanContext.traceId, spanId: spanContext.spanId };
}

/**
 * Binds `listener` to no unit of work: neither the log context nor the active span of whoever created the
 * emitter. For events of shared resources (a pool's idle connection failing, a cache evicting another tenant's pool).
 */
export function detached<A extends unknown[], R>(listener: (...args: A) => R): (...args: A) => R {
  return (...args) => outsideLogContext(() => context.with(ROOT_CONTEXT, () => listener(...args)));
}
