// Prometheus metrics: a per-process registry, request-duration histograms by route template, and /metrics.
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
export function httpMetricsMiddleware(registry: Registry, { buckets }: HttpMetricsOptions = {}): RequestHandler {
  const histogram = durationHistogram(registry, buckets);
  return (req, res, next) => {
    trackRouteTemplate(req);
    const stopTimer = histogram.startTimer();
    let recorded = false;
    const record = (): void => {
      if (recorded) return;
      recorded = true;
      stopTimer({ method: req.method, route: routeTemplate(req), status_code: String(res.statusCode) });
    };
    // 'close' without 'finish' means the client went away first; the request still took that long.
    res.once('finish', record);
    res.once('close', record);
    next();
  };
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
