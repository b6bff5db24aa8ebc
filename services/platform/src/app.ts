// The platform's Express app: request logging and metrics, probes, the OpenAPI document, the API routers, errors.
import express, { type Express, type Router } from 'express';
import type { Registry } from 'prom-client';
import { accessLog, healthRouter, httpMetricsMiddleware, notFoundHandler, problemHandler, type Logger } from '@tenantry/runtime';

export interface PlatformAppOptions {
  readonly logger: Logger;
  readonly registry: Registry;
  /** Database reachable and Tenant watch synced. */
  readonly ready: () => Promise<boolean>;
  /** Mounted first, right after logging and metrics: the fast paths of the busiest operations (they fall through on a miss). */
  readonly hotRouters?: readonly Router[];
  readonly routers: readonly Router[];
  readonly openApiDocument: Record<string, unknown>;
}

const probes = new Set(['/healthz', '/readyz', '/metrics']);

export function createPlatformApp({ logger, registry, ready, hotRouters = [], routers, openApiDocument }: PlatformAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  // Express would hash every JSON body for a weak ETag; no client revalidates platform answers that way, so that
  // hash was pure cost on every response.
  app.set('etag', false);
  app.use(accessLog(logger, { skip: (req) => probes.has(req.path) }));
  app.use(httpMetricsMiddleware(registry));
  for (const router of hotRouters) app.use(router);
  app.use(healthRouter({ ready, registry, logger }));
  app.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });
  app.use(express.json({ limit: '64kb' }));
  for (const router of routers) app.use(router);
  app.use(notFoundHandler);
  app.use(problemHandler(logger));
  return app;
}
