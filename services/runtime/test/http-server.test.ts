// Tests for startHttpServer: free ports, and a graceful close that drains, closes idle sockets, then forces.
import { expect } from 'chai';
import express from 'express';
import http from 'node:http';
import { createLogger, startHttpServer } from '../src/index.js';
import type { RunningServer } from '../src/index.js';
import { captureLog } from './support/log-capture.js';
import type { LogCapture } from './support/log-capture.js';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** GET with node:http, so the test controls (and can inspect) keep-alive sockets. */
function get(url: string, agent: http.Agent): Promise<Reply> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** An app whose /slow and /stream requests wait until the test releases them. */
function gatedApp() {
  const arrived = Promise.withResolvers<void>();
  const release = Promise.withResolvers<void>();
  const app = express();
  app.get('/fast', (_req, res) => {
    res.send('fast');
  });
  app.get('/slow', async (_req, res) => {
    arrived.resolve();
    await release.promise;
    res.send('slow done');
  });
  app.get('/stream', async (_req, res) => {
    res.write('first part;');
    arrived.resolve();
    await release.promise;
    res.end('last part');
  });
  app.get('/never', () => {
    arrived.resolve();
  });
  return { app, arrived: arrived.promise, release: () => release.resolve() };
}

describe('startHttpServer', () => {
  let log: LogCapture;
  let running: RunningServer[];
  const agents: http.Agent[] = [];

  beforeEach(() => {
    log = captureLog();
    running = [];
  });

  afterEach(async () => {
    for (const agent of agents.splice(0)) agent.destroy();
    await Promise.all(running.map((server) => server.close()));
  });

  async function start(app: express.Express, shutdownTimeoutMs = 10_000): Promise<RunningServer> {
    const logger = createLogger({ service: 'server-test', stream: log.stream });
    const server = await startHttpServer({ app, port: 0, logger, shutdownTimeoutMs });
    running.push(server);
    return server;
  }

  function keepAliveAgent(): http.Agent {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(agent);
    return agent;
  }

  it('listens on a free port when given port 0 and reports its URL', async () => {
    const server = await start(gatedApp().app);

    expect(server.port).to.be.greaterThan(0);
    expect(server.url).to.equal(`http://127.0.0.1:${server.port}`);
    expect(await (await fetch(`${server.url}/fast`)).text()).to.equal('fast');
    expect(log.lines().find((l) => l.message === 'http server listening')).to.deep.include({ url: server.url });
  });

  it('rejects when the port is already taken', async () => {
    const first = await start(gatedApp().app);
    const logger = createLogger({ service: 'server-test', stream: log.stream });

    const error = await startHttpServer({ app: gatedApp().app, port: first.port, logger }).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).to.have.property('code', 'EADDRINUSE');
  });

  it('stops accepting connections at once but lets an in-flight request finish', async () => {
    const { app, arrived, release } = gatedApp();
    const server = await start(app);
    const slow = get(`${server.url}/slow`, keepAliveAgent());
    await arrived;

    let closed = false;
    const closing = server.close().then(() => (closed = true));
    const refused = await fetch(`${server.url}/fast`).then(
      () => undefined,
      (e: unknown) => (e as { cause?: { code?: string } }).cause?.code,
    );
    expect(refused).to.equal('ECONNREFUSED');
    expect(closed, 'close() resolved while a request was still running').to.equal(false);

    release();
    const reply = await slow;
    await closing;

    expect(reply).to.include({ status: 200, body: 'slow done' });
    expect(reply.headers.connection).to.equal('close');
    expect(log.lines().map((l) => l.message)).to.include.members(['http server stopping', 'http server stopped']);
  });

  it('closes idle keep-alive connections at once instead of waiting for them to time out', async function () {
    // Node's keep-alive timeout is 5 s: a close() that waited for it would blow this budget.
    this.timeout(3_000);
    const server = await start(gatedApp().app, 60_000);
    const agent = keepAliveAgent();
    await get(`${server.url}/fast`, agent);
    expect(Object.values(agent.freeSockets).flat(), 'the agent kept no idle socket').to.have.length(1);

    await server.close();
  });

  it('closes a keep-alive connection as soon as its streaming response ends', async function () {
    this.timeout(3_000);
    const { app, arrived, release } = gatedApp();
    const server = await start(app, 60_000);
    const streamed = get(`${server.url}/stream`, keepAliveAgent());
    await arrived;

    const closing = server.close();
    release();

    expect((await streamed).body).to.equal('first part;last part');
    await closing;
  });

  it('destroys connections still busy when the shutdown timeout expires', async () => {
    const { app, arrived } = gatedApp();
    const server = await start(app, 50);
    const never = get(`${server.url}/never`, keepAliveAgent()).then(
      () => 'answered',
      (e: unknown) => (e as { code?: string }).code,
    );
    await arrived;

    await server.close();

    expect(await never).to.equal('ECONNRESET');
    const timedOut = log.lines().find((l) => l.message === 'http server shutdown timed out');
    expect(timedOut).to.deep.include({ level: 'warn', shutdownTimeoutMs: 50, inFlight: 1 });
  });

  it('returns the same promise when closed twice', async () => {
    const server = await start(gatedApp().app);

    const first = server.close();

    expect(server.close()).to.equal(first);
    await first;
  });
});
