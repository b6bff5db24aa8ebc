// Prometheus metrics: a per-process registry, request-duration histograms by route template, and /metrics.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { RequestHandler } from 'express';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { routeTemplate, trackRouteTemplate } from './route-template.js';

export interface MetricsRegistryOptions {
  /** Added as the `service` label of every metric. */
  readonly service: string;
  /** Process metrics (CPU, memory, event loop lag, GC, handles); true by default. */
  readonly collectDefault?: boolean;
}

/** A fresh registry; every process builds one in main.ts and hands it to what records metrics. */
export function createMetricsRegistry({ service, collectDefault = true }: MetricsRegistryOptions): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (collectDefault) collectDefaultMetrics({ register: registry });
  return registry;
}

export const HTTP_DURATION_METRIC = 'http_request_duration_seconds';

export interface HttpMetricsOptions {
  /** Histogram buckets in seconds; prom-client's defaults (5 ms … 10 s) otherwise. */
  readonly buckets?: readonly number[];
}

/**
 * Records `http_request_duration_seconds{method, route, status_code}` for every request. `route` is the
 * Express route template (`/api/entries/:id`) or "unmatched": raw paths would explode label cardinality.
 * Mount before the routers.
 */
export function httpMetricsMiddleware(registry: Registry, options: HttpMetricsOptions = {}): RequestHandler {
  const timeRequest = requestDurationRecorder(registry, options);
  return (req, res, next) => {
    trackRouteTemplate(req);
    timeRequest(req, res, performance.now());
    next();
  };
}

/**
 * What httpMetricsMiddleware records, for a request served without Express (a direct route): call it when the
 * request arrives, with performance.now() of its arrival; the route is read when it is done (routeTemplate).
 */
export function requestDurationRecorder(registry: Registry, { buckets }: HttpMetricsOptions = {}): (req: IncomingMessage, res: ServerResponse, started: number) => void {
  const histogram = durationHistogram(registry, buckets);
  return (req, res, started) => {
    (res as TimedResponse)[TIMING] = { req, started, histogram };
    // 'close' without 'finish' means the client went away first; the request still took that long.
    // on(), not once(): the listener ignores a second event, and once() would wrap it per request.
    res.on('finish', recordDuration);
    res.on('close', recordDuration);
  };
}

interface Timing {
  readonly req: IncomingMessage;
  readonly started: number;
  readonly histogram: DurationHistogram;
}

const TIMING = Symbol('tenantry.requestTiming');
type TimedResponse = ServerResponse & { [TIMING]?: Timing | undefined };

// One listener for every response (the emitter is `this`), for whichever of 'finish' and 'close' comes first.
function recordDuration(this: TimedResponse): void {
  const timing = this[TIMING];
  if (timing === undefined) return;
  this[TIMING] = undefined;
  const { req, started, histogram } = timing;
  histogram.observe({ method: req.method, route: routeTemplate(req), status_code: String(this.statusCode) }, (performance.now() - started) / 1000);
}

type DurationHistogram = Histogram<'method' | 'route' | 'status_code'>;

// One histogram per registry, so two apps in a process (or a test creating two middlewares) can share it.
function durationHistogram(registry: Registry, buckets: readonly number[] | undefined): DurationHistogram {
  const existing = registry.getSingleMetric(HTTP_DURATION_METRIC);
  if (existing !== undefined) return existing as DurationHistogram;
  return new Histogram({
    name: HTTP_DURATION_METRIC,
    help: 'Duration of HTTP requests in seconds, by method, route template and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    ...(buckets === undefined ? {} : { buckets: [...buckets] }),
    registers: [registry],
  });
}

/** Serves the registry in the Prometheus text exposition format. */
export function metricsHandler(registry: Registry): RequestHandler {
  return async (_req, res) => {
    const body = await registry.metrics();
    res.setHeader('Content-Type', registry.contentType);
    res.send(body);
  };
}
