// Tests for problemHandler and notFoundHandler against a real Express app on a real port.
import { expect } from 'chai';
import express from 'express';
import { z } from 'zod';
import {
  accessLog,
  createLogger,
  notFound,
  notFoundHandler,
  problemHandler,
  serviceUnavailable,
  startHttpServer,
  tooManyRequests,
  unauthorized,
  validateBody,
} from '../src/index.js';
import type { RunningServer } from '../src/index.js';
import { captureLog } from './support/log-capture.js';
import type { LogCapture } from './support/log-capture.js';

const entrySchema = z.object({ title: z.string().min(1), priority: z.number().int().min(1).max(5) });

describe('problemHandler', () => {
  let server: RunningServer;
  let log: LogCapture;

  before(async () => {
    log = captureLog();
    const logger = createLogger({ service: 'problem-test', stream: log.stream });
    const app = express();
    app.use(accessLog(logger));
    app.use(express.json({ limit: '1kb' }));
    app.post('/entries', (req, res) => {
      res.status(201).json(validateBody(entrySchema, req.body));
    });
    app.get('/protected', () => {
      throw unauthorized('The access token has expired.', { wwwAuthenticate: 'Bearer error="invalid_token"' });
    });
    app.get('/busy', () => {
      throw tooManyRequests('Too many requests for tenant acme.', 7);
    });
    app.get('/entries/:id', async (req) => {
      await Promise.resolve();
      throw notFound(`Entry ${req.params.id} does not exist.`);
    });
    app.get('/provisioning', () => {
      throw serviceUnavailable('Tenant acme is being provisioned.', 5, { code: 'TENANT_PROVISIONING' });
    });
    app.get('/upstream', () => {
      throw serviceUnavailable('The platform service is unreachable.', 2, { cause: new Error('ECONNREFUSED') });
    });
    app.get('/boom', () => {
      throw new Error('pool exhausted, dsn postgres://app:hunter2@db/x');
    });
    app.use(notFoundHandler);
    app.use(problemHandler(logger));
    server = await startHttpServer({ app, port: 0, logger });
  });

  after(() => server.close());

  async function call(path: string, init?: RequestInit) {
    const response = await fetch(`${server.url}${path}`, init);
    const body = (await response.json()) as Record<string, unknown>;
    return { response, body };
  }

  const postJson = (body: string): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });

  it('answers a thrown ProblemError as application/problem+json with its status and fields', async () => {
    const { response, body } = await call('/entries/e-9');

    expect(response.status).to.equal(404);
    expect(response.headers.get('content-type')).to.match(/^application\/problem\+json(;|$)/);
    expect(body).to.deep.include({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'Entry e-9 does not exist.',
      code: 'NOT_FOUND',
      instance: '/entries/e-9',
    });
  });

  it('includes the request id, so a user can quote it and we can find the logs', async () => {
    const { response, body } = await call('/entries/e-9', { headers: { 'x-request-id': 'support-case-17' } });

    expect(response.headers.get('x-request-id')).to.equal('support-case-17');
    expect(body.requestId).to.equal('support-case-17');
  });

  it('sets WWW-Authenticate on a 401', async () => {
    const { response, body } = await call('/protected');

    expect(response.status).to.equal(401);
    expect(response.headers.get('www-authenticate')).to.equal('Bearer error="invalid_token"');
    expect(body.code).to.equal('UNAUTHORIZED');
  });

  it('sets Retry-After on a 429', async () => {
    const { response } = await call('/busy');

    expect(response.status).to.equal(429);
    expect(response.headers.get('retry-after')).to.equal('7');
  });

  it('sets Retry-After on a 503 and does not log a deliberate one as a failure', async () => {
    const { response, body } = await call('/provisioning', { headers: { 'x-request-id': 'prov-1' } });

    expect(response.status).to.equal(503);
    expect(response.headers.get('retry-after')).to.equal('5');
    expect(body.code).to.equal('TENANT_PROVISIONING');
    await log.waitFor('the access line', (l) => l.message === 'request completed' && l.requestId === 'prov-1');
    expect(log.lines().filter((l) => l.requestId === 'prov-1' && l.level === 'error')).to.deep.equal([]);
  });

  it('logs a 5xx problem that carries a cause', async () => {
    const { response } = await call('/upstream', { headers: { 'x-request-id': 'up-1' } });

    expect(response.status).to.equal(503);
    const line = await log.waitFor('the failure', (l) => l.message === 'request failed' && l.requestId === 'up-1');
    expect((line.error as { cause: { message: string } }).cause.message).to.equal('ECONNREFUSED');
  });

  it('answers an invalid body with 400 and every invalid field', async () => {
    const { response, body } = await call('/entries', postJson(JSON.stringify({ title: '', priority: 9 })));

    expect(response.status).to.equal(400);
    expect(body.code).to.equal('VALIDATION_FAILED');
    expect((body.errors as Array<{ field: string }>).map((e) => e.field)).to.deep.equal(['title', 'priority']);
  });

  it('accepts a valid body', async () => {
    const response = await fetch(`${server.url}/entries`, postJson(JSON.stringify({ title: 'Hi', priority: 2 })));

    expect(response.status).to.equal(201);
    expect(await response.json()).to.deep.equal({ title: 'Hi', priority: 2 });
  });

  it('answers malformed JSON with a 400 problem that does not echo the body', async () => {
    const { response, body } = await call('/entries', postJson('{"title": "x", "password": "hunter2"'));

    expect(response.status).to.equal(400);
    expect(body).to.deep.include({ code: 'INVALID_JSON', detail: 'The request body is not valid JSON.' });
    expect(JSON.stringify(body)).not.to.include('hunter2');
  });

  it('answers a body over the limit with 413', async () => {
    const { response, body } = await call('/entries', postJson(JSON.stringify({ title: 'x'.repeat(2_000) })));

    expect(response.status).to.equal(413);
    expect(body).to.deep.include({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(body.detail).to.equal('The request body is larger than the 1024-byte limit.');
  });

  it('answers an unexpected error with a generic 500 and logs the real error', async () => {
    const { response, body } = await call('/boom', { headers: { 'x-request-id': 'boom-1' } });

    expect(response.status).to.equal(500);
    expect(body).to.deep.include({ status: 500, code: 'INTERNAL', detail: 'An unexpected error occurred.' });
    expect(JSON.stringify(body)).not.to.include('pool exhausted');
    const line = await log.waitFor('the request failure', (l) => l.message === 'request failed' && l.requestId === 'boom-1');
    expect(line).to.deep.include({ level: 'error', method: 'GET', route: '/boom' });
    expect((line.error as { message: string }).message).to.equal('pool exhausted, dsn postgres://app:[REDACTED]@db/x');
  });

  it('answers an unmatched route with a 404 problem', async () => {
    const { response, body } = await call('/no/such/route?x=1', { method: 'DELETE' });

    expect(response.status).to.equal(404);
    expect(response.headers.get('content-type')).to.match(/^application\/problem\+json(;|$)/);
    expect(body).to.deep.include({
      code: 'ROUTE_NOT_FOUND',
      detail: 'No route matches DELETE /no/such/route.',
      instance: '/no/such/route',
    });
  });

  it('does not log client errors as failures', async () => {
    await call('/entries/e-404', { headers: { 'x-request-id': 'quiet-404' } });

    await log.waitFor('the access line', (l) => l.message === 'request completed' && l.requestId === 'quiet-404');
    expect(log.lines().filter((l) => l.requestId === 'quiet-404' && l.level === 'error')).to.deep.equal([]);
  });
});
