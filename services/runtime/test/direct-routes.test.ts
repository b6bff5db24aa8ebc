// Tests for directRoutes: the routes it serves itself answer, log, count and fail exactly as an Express route of the
// same app would, and every other request reaches the Express app untouched.
import { request as httpRequest } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { expect } from 'chai';
import express from 'express';
import {
  ProblemError, accessLog, createLogger, createMetricsRegistry, directRoutes, httpMetricsMiddleware, metricsHandler, notFoundHandler,
  problemHandler, startHttpServer, type RunningServer,
} from '../src/index.js';
import { captureLog, type LogCapture } from './support/log-capture.js';
import { findSamples, parsePrometheusText } from './support/prometheus-text.js';

class Refusal extends Error {}

/** A request exactly as written: fetch would normalise the target. */
function rawRequest(url: string, method: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const req = httpRequest({ host: hostname, port, method, path }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('directRoutes', () => {
  let server: RunningServer;
  let log: LogCapture;
  const registry = createMetricsRegistry({ service: 'direct-test', collectDefault: false });

  before(async () => {
    log = captureLog();
    const logger = createLogger({ service: 'direct-test', stream: log.stream });
    const app = express();
    app.use(accessLog(logger));
    app.use(httpMetricsMiddleware(registry));
    app.get('/metrics', metricsHandler(registry));
    app.get('/apix', (_req, res) => {
      res.json({ served: 'express' });
    });
    app.use(notFoundHandler);
    app.use(problemHandler(logger));
    const listener = directRoutes({
      logger, registry, fallback: app,
      problemFor: (error) => (error instanceof Refusal ? new ProblemError({ status: 429, code: 'SLOW_DOWN', detail: error.message }) : undefined),
      routes: [{
        prefix: '/api', template: '/api{/*path}',
        async handle(req, res) {
          // As a real route does: the rest of the request runs after an await, in the request's log scope still.
          await nextTurn();
          const path = req.url ?? '';
          if (path.includes('refuse')) throw new Refusal('Not so fast.');
          if (path.includes('problem')) throw new ProblemError({ status: 409, code: 'CONFLICT', detail: 'Changed meanwhile.' });
          if (path.includes('crash')) throw new Error('database password is hunter2');
          if (path.includes('midway')) {
            res.writeHead(200, { 'content-type': 'text/plain' });
            res.write('half');
            throw new Error('upstream went away');
          }
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ served: 'direct', path, method: req.method }));
        },
      }],
    });
    server = await startHttpServer({ app: listener, port: 0, logger });
  });

  after(() => server.close());

  const accessLine = (requestId: string) =>
    log.waitFor(`the access line of ${requestId}`, (line) => line.message === 'request completed' && line.requestId === requestId);

  it('serves its prefix and below it, whatever the case and the method, with the query kept for the route', async () => {
    for (const path of ['/api', '/api/', '/api/entries?limit=20', '/API/Entries', '/api?x=1']) {
      const answer = await rawRequest(server.url, 'PATCH', path);
      expect(answer.status, path).to.equal(200);
      expect(JSON.parse(answer.body), path).to.deep.equal({ served: 'direct', path, method: 'PATCH' });
    }
  });

  it('hands every other request to the fallback app: a longer name, another path, an absolute-form target', async () => {
    expect(JSON.parse((await rawRequest(server.url, 'GET', '/apix')).body)).to.deep.equal({ served: 'express' });
    expect((await rawRequest(server.url, 'GET', '/ap')).status).to.equal(404);
    const absolute = await rawRequest(server.url, 'GET', `${server.url}/api/entries`);
    expect(absolute.status).to.equal(404);
    expect(JSON.parse(absolute.body)).to.include({ code: 'ROUTE_NOT_FOUND' });
  });

  it('gives each request an id, echoes it, and writes one access line with the route template and the status', async () => {
    const response = await fetch(`${server.url}/api/entries/e-1`, { headers: { 'x-request-id': 'direct-1' } });
    await response.text();

    expect(response.headers.get('x-request-id')).to.equal('direct-1');
    const line = await accessLine('direct-1');
    expect(line).to.deep.include({ method: 'GET', route: '/api{/*path}', status: 200 });
    expect(line.durationMs).to.be.a('number');
    const made = await fetch(`${server.url}/api/entries`, { headers: { 'x-request-id': 'not an id; forged=yes' } });
    expect(made.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
  });

  it('records the request duration under the route template, next to what Express records', async () => {
    await (await fetch(`${server.url}/api/entries/e-2`)).text();
    await (await fetch(`${server.url}/api/entries/e-3`)).text();

    const samples = parsePrometheusText(await (await fetch(`${server.url}/metrics`)).text());

    const counts = findSamples(samples, 'http_request_duration_seconds_count', { route: '/api{/*path}', method: 'GET', status_code: '200' });
    expect(counts).to.have.length(1);
    expect(counts[0]!.value).to.be.at.least(2);
    expect(samples.some((sample) => Object.values(sample.labels).some((value) => value.includes('e-2')))).to.equal(false);
  });

  it("answers a route's errors as problem documents: its own mapping first, then the runtime's, and a bare 500 for the unexpected", async () => {
    const refused = await fetch(`${server.url}/api/refuse`, { headers: { 'x-request-id': 'direct-refused' } });
    expect(refused.status).to.equal(429);
    expect(refused.headers.get('content-type')).to.equal('application/problem+json; charset=utf-8');
    expect(await refused.json()).to.deep.include({ status: 429, code: 'SLOW_DOWN', detail: 'Not so fast.', requestId: 'direct-refused', instance: '/api/refuse' });

    const conflict = await fetch(`${server.url}/api/problem`);
    expect(conflict.status).to.equal(409);
    expect(await conflict.json()).to.deep.include({ code: 'CONFLICT' });

    const crashed = await fetch(`${server.url}/api/crash`, { headers: { 'x-request-id': 'direct-crashed' } });
    expect(crashed.status).to.equal(500);
    const body = await crashed.text();
    expect(body).not.to.include('hunter2');
    const logged = await log.waitFor('the failure logged', (line) => line.message === 'request failed' && line.requestId === 'direct-crashed');
    expect(logged).to.deep.include({ route: '/api{/*path}' });
    expect((await accessLine('direct-crashed')).status).to.equal(500);
  });

  it('cuts the connection when a route fails after its answer began, and the server goes on serving', async () => {
    const cut = await fetch(`${server.url}/api/midway`).then(async (response) => response.text()).then(() => 'read', () => 'cut');
    expect(cut).to.equal('cut');
    expect((await fetch(`${server.url}/api/entries`)).status).to.equal(200);
  });
});
