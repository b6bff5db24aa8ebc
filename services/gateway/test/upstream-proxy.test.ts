// The proxy against real local servers: bodies both ways, status and headers back, an unreachable upstream.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { GatewayRejection } from '../src/gateway-errors.js';
import { readRequestBody } from '../src/request-body.js';
import { createUpstreamProxy, type UpstreamProxy } from '../src/upstream-proxy.js';
import { quietLogger } from '@tenantry/harness';

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

  async function front(target: string, errors: unknown[] = []): Promise<string> {
    proxy = createUpstreamProxy({ target, logger: quietLogger('gateway-test') });
    const { url, server } = await listen((req, res) => {
      // As the gateway's routes do: the body is read whole first, then sent with the request.
      readRequestBody(req, 8 * 1024 * 1024)
        .then((body) => proxy!.forward(req, res, {
          path: req.url ?? '/', headers: { 'content-type': req.headers['content-type'] ?? 'text/plain' }, ...(body === undefined ? {} : { body }),
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
});
