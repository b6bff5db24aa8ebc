// Tests for the probe endpoints: liveness always, readiness from the callback, metrics when a registry is given.
import { expect } from 'chai';
import express from 'express';
import { createLogger, createMetricsRegistry, healthRouter, startHttpServer } from '../src/index.js';
import type { RunningServer } from '../src/index.js';
import { captureLog } from './support/log-capture.js';
import { findSamples, parsePrometheusText } from './support/prometheus-text.js';
import { quietLogger } from './support/quiet-logger.js';

describe('healthRouter', () => {
  const servers: RunningServer[] = [];

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  async function serve(router: express.Router): Promise<string> {
    const app = express();
    app.use(router);
    const server = await startHttpServer({ app, port: 0, logger: quietLogger() });
    servers.push(server);
    return server.url;
  }

  it('answers /healthz with 200 even when not ready', async () => {
    const url = await serve(healthRouter({ ready: () => false }));

    const response = await fetch(`${url}/healthz`);

    expect(response.status).to.equal(200);
    expect(response.headers.get('cache-control')).to.equal('no-store');
    expect(await response.json()).to.deep.equal({ status: 'ok' });
  });

  it('answers /readyz 503 until ready, then 200', async () => {
    let ready = false;
    const url = await serve(healthRouter({ ready: () => Promise.resolve(ready) }));

    const before = await fetch(`${url}/readyz`);
    ready = true;
    const after = await fetch(`${url}/readyz`);

    expect([before.status, await before.json()]).to.deep.equal([503, { status: 'not ready' }]);
    expect([after.status, await after.json()]).to.deep.equal([200, { status: 'ready' }]);
  });

  it('answers /readyz 503 and logs why when the check throws', async () => {
    const log = captureLog();
    const logger = createLogger({ service: 'health-test', stream: log.stream });
    const url = await serve(
      healthRouter({
        ready: () => {
          throw new Error('database unreachable');
        },
        logger,
      }),
    );

    const response = await fetch(`${url}/readyz`);

    expect(response.status).to.equal(503);
    const line = await log.waitFor('the readiness failure', (l) => l.message === 'readiness check failed');
    expect((line.error as { message: string }).message).to.equal('database unreachable');
  });

  it('serves /metrics only when given a registry', async () => {
    const registry = createMetricsRegistry({ service: 'platform' });
    const withMetrics = await serve(healthRouter({ ready: () => true, registry }));
    const without = await serve(healthRouter({ ready: () => true }));

    const response = await fetch(`${withMetrics}/metrics`);

    expect(response.status).to.equal(200);
    const samples = parsePrometheusText(await response.text());
    expect(findSamples(samples, 'process_resident_memory_bytes', { service: 'platform' })).to.have.length(1);
    expect((await fetch(`${without}/metrics`)).status).to.equal(404);
  });
});
