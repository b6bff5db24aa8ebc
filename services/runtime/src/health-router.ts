// Kubernetes probe endpoints (/healthz, /readyz) and, when given a registry, /metrics.
import { Router } from 'express';
import type { Registry } from 'prom-client';
import type { Logger } from './logger.js';
import { metricsHandler } from './metrics.js';

export interface HealthRouterOptions {
  /** Whether this process should receive traffic now (dependencies reachable, caches warm, not stopping). */
  readonly ready: () => boolean | Promise<boolean>;
  readonly registry?: Registry;
  /** Receives the error when `ready` throws (the probe then answers 503). */
  readonly logger?: Logger;
}

export function healthRouter({ ready, registry, logger }: HealthRouterOptions): Router {
  const router = Router();
  // Liveness: answering at all is the signal; restarting the pod would not fix a dependency.
  router.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const isReady = await checkReady(ready, logger);
    res.setHeader('Cache-Control', 'no-store');
    res.status(isReady ? 200 : 503).json({ status: isReady ? 'ready' : 'not ready' });
  });
  if (registry !== undefined) router.get('/metrics', metricsHandler(registry));
  return router;
}

async function checkReady(ready: HealthRouterOptions['ready'], logger: Logger | undefined): Promise<boolean> {
  try {
    return (await ready()) === true;
  } catch (error) {
    logger?.warn('readiness check failed', { error });
    return false;
  }
}
