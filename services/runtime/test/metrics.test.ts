// Tests for the metrics registry, the HTTP duration histogram and /metrics, read back as Prometheus text.
import { expect } from 'chai';
import express from 'express';
import {
  createMetricsRegistry,
  httpMetricsMiddleware,
  metricsHandler,
  notFoundHandler,
  problemHandler,
  startHttpServer,
} from '../src/index.js';
import type { RunningServer } from '../src/index.js';
import { findSamples, parsePrometheusText } from './support/prometheus-text.js';
import { quietLogger } from './support/quiet-logger.js';

const DURATION_COUNT = 'http_request_duration_seconds_count';

describe('createMetricsRegistry', () => {
  it('labels every metric with the service and collects process metrics by default', async () => {
    const registry = createMetricsRegistry({ service: 'operator' });

    const samples = parsePrometheusText(await registry.metrics());

    const cpu = findSamples(samples, 'process_cpu_user_seconds_total');
    expect(cpu).to.have.length(1);
    expect(cpu[0]!.labels).to.deep.equal({ service: 'operator' });
    expect(findSamples(samples, 'nodejs_eventloop_lag_seconds')).to.have.length(1);
  });

  it('collects no process metrics when asked not to', async () => {
    const registry = createMetricsRegistry({ service: 'operator', collectDefault: false });

    expect(parsePrometheusText(await registry.metrics())).to.deep.equal([]);
  });

  it('gives each registry its own metrics', async () => {
    const first = createMetricsRegistry({ service: 'gateway', collectDefault: false });
    const second = createMetricsRegistry({ service: 'backend', collectDefault: false });

    httpMetricsMiddleware(first);

    expect(await first.metrics()).to.include('http_request_duration_seconds');
    expect(await second.metrics()).not.to.include('http_request_duration_seconds');
  });
});

describe('httpMetricsMiddleware', () => {
  let server: RunningServer;
  const registry = createMetricsRegistry({ service: 'backend', collectDefault: false });

  before(async () => {
    const logger = quietLogger();
    const app = express();
    app.use(httpMetricsMiddleware(registry));
    app.get('/metrics', metricsHandler(registry));
    const api = express.Router();
    api.get('/entries/:id', (req, res) => {
      res.json({ id: req.params.id });
    });
    api.delete('/entries/:id', () => {
      throw new Error('database unavailable');
    });
    app.use('/api', api);
    app.use(notFoundHandler);
    app.use(problemHandler(logger));
    // A second middleware on the same registry must reuse the histogram, not fail to register it again.
    httpMetricsMiddleware(registry);
    server = await startHttpServer({ app, port: 0, logger });
  });

  after(() => server.close());

  async function scrape() {
    const response = await fetch(`${server.url}/metrics`);
    expect(response.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
    return parsePrometheusText(await response.text());
  }

  it('labels request durations by route template, not raw URL', async () => {
    for (const id of ['e-1', 'e-2', 'e-3']) expect((await fetch(`${server.url}/api/entries/${id}`)).status).to.equal(200);

    const samples = await scrape();

    const counts = findSamples(samples, DURATION_COUNT, { method: 'GET', status_code: '200' });
    expect(counts.map((s) => s.labels.route)).to.deep.equal(['/api/entries/:id']);
    expect(counts[0]!.value).to.equal(3);
    expect(counts[0]!.labels.service).to.equal('backend');
    expect(samples.some((s) => Object.values(s.labels).some((v) => v.includes('e-1')))).to.equal(false);
  });

  it('labels requests no route matched as "unmatched"', async () => {
    expect((await fetch(`${server.url}/api/nothing/here/42`)).status).to.equal(404);

    const counts = findSamples(await scrape(), DURATION_COUNT, { status_code: '404' });

    expect(counts.map((s) => s.labels.route)).to.deep.equal(['unmatched']);
  });

  it('keeps the route template when an app-level error handler answers', async () => {
    expect((await fetch(`${server.url}/api/entries/e-7`, { method: 'DELETE' })).status).to.equal(500);

    const counts = findSamples(await scrape(), DURATION_COUNT, { method: 'DELETE' });

    expect(counts.map((s) => [s.labels.route, s.labels.status_code])).to.deep.equal([['/api/entries/:id', '500']]);
  });

  it('records durations in histogram buckets that add up to the count', async () => {
    await fetch(`${server.url}/api/entries/e-8`);

    const samples = await scrape();
    const labels = { method: 'GET', route: '/api/entries/:id', status_code: '200' };
    const infBucket = findSamples(samples, 'http_request_duration_seconds_bucket', { ...labels, le: '+Inf' });
    const count = findSamples(samples, DURATION_COUNT, labels);
    const sum = findSamples(samples, 'http_request_duration_seconds_sum', labels);

    expect(infBucket[0]!.value).to.equal(count[0]!.value);
    expect(sum[0]!.value).to.be.greaterThan(0);
  });
});
