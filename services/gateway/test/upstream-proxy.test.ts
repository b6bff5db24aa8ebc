// The proxy against real local servers: bodies both ways, status and headers back, an unreachable upstream.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { eventually, quietLogger } from '@tenantry/harness';
import { forwardedHeaders } from '../src/forwarded-headers.js';
import { GatewayRejection } from '../src/gateway-errors.js';
import { readRequestBody } from '../src/request-body.js';
import { createUpstreamProxy, type UpstreamProxy, type UpstreamProxyOptions } from '../src/upstream-proxy.js';

async function listen(handler: http.RequestListener): Promise<{ url: string; server: http.Server }> {
  const server = http.createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

describe('upstream proxy', () => {
  const servers: http.Server[] = [];
  let proxy: UpstreamProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    await Promise.all(servers.splice(0).map(close));
  });

  async function front(target: string, errors: unknown[] = [], options: Partial<UpstreamProxyOptions> = {}): Promise<string> {
    proxy = createUpstreamProxy({ target, logger: quietLogger('gateway-test'), ...options });
    const { url, server } = await listen((req, res) => {
      // As the gateway's routes do: the body is read whole first, then sent with the request.
      readRequestBody(req, 8 * 1024 * 1024)
        .then((body) => proxy!.forward(req, res, {
          path: req.url ?? '/', headers: forwardedHeaders(req.headers, { requestId: 'proxy-test', protocol: 'http' }), ...(body === undefined ? {} : { body }),
        }))
        .catch((error: unknown) => {
          errors.push(error);
          res.writeHead(502).end();
        });
    });
    servers.push(server);
    return url;
  }

  it('sends a request body to the upstream and streams its answer back, status and headers included', async () => {
    const upstream = await listen((req, res) => {
      res.writeHead(201, { 'x-upstream': 'yes', connection: 'close' });
      req.pipe(res);
    });
    servers.push(upstream.server);
    const url = await front(`${upstream.url}/base`);
    const body = 'x'.repeat(5_000_000);

    const response = await fetch(`${url}/echo?q=1`, { method: 'PUT', body });

    expect(response.status).to.equal(201);
    expect(response.headers.get('x-upstream')).to.equal('yes');
    expect((await response.text()).length).to.equal(body.length);
  });

  it('puts the target\'s path in front of the forwarded path', async () => {
    const upstream = await listen((req, res) => res.end(req.url));
    servers.push(upstream.server);
    const url = await front(`${upstream.url}/base/`);

    expect(await (await fetch(`${url}/v1/tenants?x=1`)).text()).to.equal('/base/v1/tenants?x=1');
  });

  it('rejects with upstream_unavailable when the upstream cannot be reached', async () => {
    const gone = await listen(() => undefined);
    await close(gone.server);
    const errors: unknown[] = [];
    const url = await front(gone.url, errors);

    const response = await fetch(`${url}/anything`);

    expect(response.status).to.equal(502);
    expect(errors[0]).to.be.instanceOf(GatewayRejection).with.property('reason', 'upstream_unavailable');
  });

  it('adds at most two close listeners to a response, leaving the rest of the limit to the app\'s middleware', async () => {
    // Given an upstream answer and a response allowed only two close listeners more than it starts with
    const upstream = await listen((_req, res) => res.end('answer'));
    servers.push(upstream.server);
    proxy = createUpstreamProxy({ target: upstream.url, logger: quietLogger('gateway-test') });
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const { url, server } = await listen((req, res) => {
      res.setMaxListeners(res.listenerCount('close') + 2);
      void proxy!.forward(req, res, { path: '/', headers: {} });
    });
    servers.push(server);

    // When a request goes through
    const response = await fetch(url);

    // Then it is answered, and Node saw no listener leak (one such warning per response costs a stack trace and a write)
    expect(await response.text()).to.equal('answer');
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);
    expect(warnings.map((warning) => warning.name)).to.not.include('MaxListenersExceededWarning');
  });

  it('streams each piece of an answer as the upstream writes it, and ends the upstream request when the client goes away', async () => {
    // Given an upstream event stream that sends its second event only once the client has the first
    let sendSecond: (() => void) | undefined;
    let upstreamClosed = false;
    const upstream = await listen((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: one\n\n');
      sendSecond = () => res.write('data: two\n\n');
      req.once('close', () => {
        upstreamClosed = true;
      });
    });
    servers.push(upstream.server);
    const url = await front(upstream.url);
    const client = new AbortController();
    const response = await fetch(`${url}/events`, { signal: client.signal });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();

    // When the client reads the first event, then the second
    const first = decoder.decode((await reader.read()).value as Uint8Array);
    sendSecond!();
    const second = decoder.decode((await reader.read()).value as Uint8Array);

    // Then each came as it was written, and leaving cancels the upstream request too
    expect([first, second]).to.deep.equal(['data: one\n\n', 'data: two\n\n']);
    client.abort();
    await eventually('the upstream saw its request closed after the client left', () => upstreamClosed, { timeoutMs: 5_000 });
  });

  it('sends a body the client announced with Expect: 100-continue', async () => {
    const upstream = await listen((req, res) => {
      res.writeHead(200, { 'x-expect-seen': String(req.headers.expect) });
      req.pipe(res);
    });
    servers.push(upstream.server);
    const url = await front(upstream.url);

    const { status, expectSeen, text } = await new Promise<{ status?: number; expectSeen: unknown; text: string }>((resolve, reject) => {
      const request = http.request(`${url}/upload`, { method: 'POST', headers: { expect: '100-continue', 'content-type': 'text/plain', 'content-length': '5' } });
      request.once('continue', () => request.end('hello'));
      request.once('response', (answer) => {
        let text = '';
        answer.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).once('end', () => {
          resolve({ status: answer.statusCode, expectSeen: answer.headers['x-expect-seen'], text });
        });
      });
      request.once('error', reject);
      request.flushHeaders();
    });

    // The client was told to go on by the gateway; the upstream is sent the body and no Expect of its own.
    expect({ status, expectSeen, text }).to.deep.equal({ status: 200, expectSeen: 'undefined', text: 'hello' });
  });

  it('reuses one upstream connection for consecutive requests, and gives it up itself once idle, before the upstream would', async () => {
    // Given an upstream that keeps idle connections as long as the internal services do (65 s)
    const connections: Array<{ closed: boolean }> = [];
    const upstream = await listen((_req, res) => res.end('ok'));
    upstream.server.keepAliveTimeout = 65_000;
    upstream.server.on('connection', (socket) => {
      const connection = { closed: false };
      connections.push(connection);
      socket.once('close', () => {
        connection.closed = true;
      });
    });
    servers.push(upstream.server);
    const url = await front(upstream.url, [], { idleSocketMs: 300 });

    // When three requests go through one after the other
    for (let i = 0; i < 3; i++) expect(await (await fetch(`${url}/n/${i}`)).text()).to.equal('ok');

    // Then they shared one connection, which the proxy closed after its own idle time
    expect(connections).to.have.length(1);
    await eventually('the proxy closed its idle upstream connection', () => connections[0]!.closed, { timeoutMs: 5_000 });
  });
});
