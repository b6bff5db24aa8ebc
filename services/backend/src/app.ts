// The backend's Express app: caller identification, request logging and metrics, probes, the OpenAPI document, the API, errors.
import express, { type Express, type Router } from 'express';
import type { Registry } from 'prom-client';
import { accessLog, healthRouter, httpMetricsMiddleware, notFoundHandler, problemHandler, type Logger } from '@tenantry/runtime';
import { identifyCaller } from './auth/caller.js';
import type { InternalTokenVerifier } from './auth/internal-token-verifier.js';

export interface BackendAppOptions {
  readonly logger: Logger;
  readonly registry: Registry;
  readonly verifier: InternalTokenVerifier;
  readonly ready: () => Promise<boolean> | boolean;
  readonly routers: readonly Router[];
  readonly openApiDocument: Record<string, unknown>;
}

const probes = new Set(['/healthz', '/readyz', '/metrics']);

export function createBackendApp({ logger, registry, verifier, ready, routers, openApiDocument }: BackendAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  // Express would hash every JSON body for a weak ETag; no client revalidates API answers that way (the entries
  // ETag is the entry's version, set explicitly), so that hash was pure cost on every response.
  app.set('etag', false);
  // First, so the access log line and everything after it carry the caller's tenantId.
  app.use(identifyCaller({ verifier, skip: (req) => !req.path.startsWith('/api/') && req.path !== '/api' }));
  app.use(accessLog(logger, { skip: (req) => probes.has(req.path) }));
  app.use(httpMetricsMiddleware(registry));
  app.use(healthRouter({ ready, registry, logger }));
  app.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });
  // The largest entry the table holds (100,000 characters) in plain UTF-8 is 400 kB, and 600 kB as a client that
  // escapes every non-ASCII character writes it: the gateway's default body limit is the same 1 MiB.
  app.use(express.json({ limit: '1mb' }));
  for (const router of routers) app.use(router);
  app.use(notFoundHandler);
  app.use(problemHandler(logger));
  return app;
}
