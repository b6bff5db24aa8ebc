// An app built like every Tenantry process (route templates tracked, probes, then the catch-all) survives
// whatever arrives for paths and methods it does not serve, and answers each with a problem document.
import { request as httpRequest } from 'node:http';
import { expect } from 'chai';
import express, { Router } from 'express';
import { healthRouter, httpMetricsMiddleware, createMetricsRegistry, notFoundHandler, problemHandler, startHttpServer } from '../src/index.js';
import type { RunningServer } from '../src/index.js';
import { quietLogger } from './support/quiet-logger.js';

interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A request exactly as written (fetch would normalise the path and refuse odd methods). */
function rawRequest(url: string, method: string, path: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const req = httpRequest({ host: hostname, port, method, path }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('requests no route serves', () => {
  let server: RunningServer;

  before(async () => {
    const logger = quietLogger();
    const registry = createMetricsRegistry({ service: 'unmatched-test' });
    const app = express();
    app.use(httpMetricsMiddleware(registry));
    app.use(healthRouter({ ready: () => true, registry, logger }));
    const tenants = Router({ mergeParams: true });
    tenants.get('/entries/:id', (_req, res) => void res.json({ ok: true }));
    tenants.delete('/entries/:id', (_req, res) => void res.status(204).end());
    app.use('/tenants/:tenant', tenants);
    app.use(notFoundHandler);
    app.use(problemHandler(logger));
    server = await startHttpServer({ app, port: 0, logger });
  });

  after(() => server.close());

  it('answers an unknown path with a 404 problem, and keeps answering', async () => {
    for (const path of ['/favicon.ico', '/openapi.json', '/', '/a/b/c?x=1', `/${'x'.repeat(4000)}`]) {
      const answer = await rawRequest(server.url, 'GET', path);
      expect(answer.status, path.slice(0, 40)).to.equal(404);
      expect(answer.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(JSON.parse(answer.body)).to.include({ status: 404, code: 'ROUTE_NOT_FOUND' });
    }
    expect((await rawRequest(server.url, 'GET', '/healthz')).status).to.equal(200);
  });

  it('answers a served path with another method with 405 and the methods it allows', async () => {
    const probe = await rawRequest(server.url, 'POST', '/metrics');
    expect(probe.status).to.equal(405);
    expect(probe.headers['allow']).to.equal('GET, HEAD');
    expect(JSON.parse(probe.body)).to.include({ status: 405, code: 'METHOD_NOT_ALLOWED' });
    const nested = await rawRequest(server.url, 'PUT', '/tenants/acme/entries/7');
    expect(nested.status).to.equal(405);
    expect(nested.headers['allow']).to.equal('DELETE, GET, HEAD');
  });

  it('answers odd methods and malformed paths with problems, never a crash', async () => {
    const cases: Array<[string, string, number[]]> = [
      ['PROPFIND', '/healthz', [405]],
      ['PATCH', '/nowhere', [404]],
      ['GET', '/tenants/%E0%A4%A/entries/1', [400, 404]],
      ['GET', '/%', [400, 404]],
      ['GET', '//healthz/../../etc/passwd', [404]],
      ['GET', '/tenants/acme/entries/%00', [200, 400, 404]],
    ];
    for (const [method, path, statuses] of cases) {
      const answer = await rawRequest(server.url, method, path);
      expect(statuses, `${method} ${path}`).to.include(answer.status);
      if (answer.status >= 400) expect(answer.headers['content-type'], `${method} ${path}`).to.match(/^application\/problem\+json/);
    }
    expect((await rawRequest(server.url, 'GET', '/healthz')).status).to.equal(200);
  });
});
