// Tests for accessLog: one line per request, request ids taken or made, and the id in the log context.
import { expect } from 'chai';
import express from 'express';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { accessLog, annotateLogContext, createLogger, startHttpServer } from '../src/index.js';
import type { RunningServer } from '../src/index.js';
import { captureLog } from './support/log-capture.js';
import type { LogCapture } from './support/log-capture.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('accessLog', () => {
  let server: RunningServer;
  let log: LogCapture;

  before(async () => {
    log = captureLog();
    const logger = createLogger({ service: 'access-test', stream: log.stream });
    const app = express();
    app.use(accessLog(logger, { skip: (req) => req.path === '/healthz' }));
    app.get('/entries/:id', async (req, res) => {
      await nextTurn();
      logger.info('entry read', { entryId: req.params.id });
      res.status(203).json({ id: req.params.id });
    });
    app.get('/tenants/:tenant/entries', async (req, res) => {
      await nextTurn();
      annotateLogContext({ tenantId: req.params.tenant });
      logger.info('entries listed');
      res.json({ items: [] });
    });
    app.get('/healthz', (_req, res) => {
      res.send('ok');
    });
    server = await startHttpServer({ app, port: 0, logger });
  });

  after(() => server.close());

  const completedLine = (requestId: string) =>
    log.waitFor(`"request completed" for ${requestId}`, (l) => l.message === 'request completed' && l.requestId === requestId);

  it('logs one "request completed" line with method, route template, status and duration', async () => {
    const response = await fetch(`${server.url}/entries/e-1?expand=all`, { headers: { 'x-request-id': 'acc-1' } });
    await response.text();

    const line = await completedLine('acc-1');
    expect(line).to.deep.include({ level: 'info', method: 'GET', route: '/entries/:id', status: 203, requestId: 'acc-1' });
    expect(line.durationMs).to.be.a('number').and.to.be.at.least(0);
    expect(log.lines().filter((l) => l.requestId === 'acc-1' && l.message === 'request completed')).to.have.length(1);
  });

  it('reuses an incoming x-request-id and echoes it on the response', async () => {
    const response = await fetch(`${server.url}/entries/e-2`, { headers: { 'x-request-id': 'from-the-gateway' } });

    expect(response.headers.get('x-request-id')).to.equal('from-the-gateway');
  });

  it('generates a request id when none is given', async () => {
    const response = await fetch(`${server.url}/entries/e-3`);
    const requestId = response.headers.get('x-request-id') ?? '';

    expect(requestId).to.match(UUID);
    await completedLine(requestId);
  });

  it('replaces an incoming id that could forge log content', async () => {
    const response = await fetch(`${server.url}/entries/e-4`, { headers: { 'x-request-id': 'a" "level":"error' } });

    expect(response.headers.get('x-request-id')).to.match(UUID);
  });

  it('puts the request id into the log context of everything the request does', async () => {
    await fetch(`${server.url}/entries/e-5`, { headers: { 'x-request-id': 'ctx-5' } });

    const line = await log.waitFor('the handler line', (l) => l.message === 'entry read' && l.entryId === 'e-5');
    expect(line.requestId).to.equal('ctx-5');
  });

  it('carries fields learnt during the request, such as its tenant, on the later lines and the access line', async () => {
    await (await fetch(`${server.url}/tenants/acme/entries`, { headers: { 'x-request-id': 'tenant-1' } })).text();

    const completed = await completedLine('tenant-1');
    expect(completed).to.deep.include({ tenantId: 'acme', route: '/tenants/:tenant/entries' });
    expect(log.lines().find((l) => l.message === 'entries listed' && l.requestId === 'tenant-1')).to.deep.include({ tenantId: 'acme' });
  });

  it('keeps the fields learnt in one request out of the next', async () => {
    await (await fetch(`${server.url}/tenants/acme/entries`, { headers: { 'x-request-id': 'tenant-2' } })).text();
    await (await fetch(`${server.url}/entries/e-7`, { headers: { 'x-request-id': 'no-tenant' } })).text();

    expect(await completedLine('no-tenant')).to.not.have.property('tenantId');
  });

  it('skips the requests it is told to skip', async () => {
    await (await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'probe-1' } })).text();
    await fetch(`${server.url}/entries/e-6`, { headers: { 'x-request-id': 'after-probe' } });

    await completedLine('after-probe');
    expect(log.lines().filter((l) => l.requestId === 'probe-1')).to.deep.equal([]);
  });
});
