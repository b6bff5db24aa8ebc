// The gateway under abuse, with the real platform and backend behind it: slow bodies and slow headers, idle
// connections, more requests than one client or tenant may hold, floods of forged tokens, oversize bodies, and
// the platform's internal surface asked for from outside. Another tenant's requests keep their latency bound.
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { expect } from 'chai';
import { signIn, usePlatformStack, users, type NodeService } from '@tenantry/harness';

/** What another tenant's requests may take at the 99th percentile while the abuse runs (a loaded 2-core machine). */
const otherTenantP99Ms = 750;
const requestTimeoutMs = 3_000;
const headersTimeoutMs = 2_000;

interface Answer {
  readonly status: number;
  /** When the status line arrived, or the connection closed without one. */
  readonly atMs: number;
  /** When the connection closed. */
  readonly closedMs: number;
}

/** Opens a raw connection and sends `head`; resolves with the status line's code when an answer or the close comes. */
function rawConnection(url: string, head: string): { socket: Socket; answered: Promise<Answer> } {
  const { hostname, port } = new URL(url);
  const started = Date.now();
  const socket = connect({ host: hostname, port: Number(port) });
  let received = '';
  let firstByteMs: number | undefined;
  const answered = new Promise<Answer>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      firstByteMs ??= Date.now() - started;
      received += chunk.toString('latin1');
    });
    socket.once('close', () => {
      const closedMs = Date.now() - started;
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0), atMs: firstByteMs ?? closedMs, closedMs });
    });
    socket.once('error', () => undefined);
  });
  socket.write(head);
  return { socket, answered };
}

async function latencies(count: number, request: () => Promise<Response>): Promise<{ statuses: number[]; p99: number }> {
  const times: number[] = [];
  const statuses: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    const response = await request();
    await response.body?.cancel();
    times.push(performance.now() - started);
    statuses.push(response.status);
  }
  times.sort((a, b) => a - b);
  return { statuses, p99: times[Math.min(times.length - 1, Math.ceil(times.length * 0.99) - 1)] ?? 0 };
}

describe('gateway under abuse (integration, real platform and backend)', function () {
  this.timeout(120_000);
  const stack = usePlatformStack();
  let gateway: NodeService;
  let alice: string;
  let hank: string;

  const other = () => fetch(`${gateway.url}/api/entries?limit=5`, { headers: { authorization: `Bearer ${hank}`, 'x-tenant-id': stack().tenants.b } });

  before(async () => {
    const backend = await stack().startBackend();
    gateway = await stack().startGateway(backend, {
      GATEWAY_REQUEST_TIMEOUT: `${requestTimeoutMs}ms`, GATEWAY_HEADERS_TIMEOUT: `${headersTimeoutMs}ms`,
      GATEWAY_MAX_IN_FLIGHT_PER_CLIENT: '16', GATEWAY_MAX_IN_FLIGHT_PER_TENANT: '32', GATEWAY_UPSTREAM_SOCKETS: '256',
      GATEWAY_RATE_LIMITS: 'free:1000,standard:100000,enterprise:100000',
    });
    alice = (await signIn(stack().identityUrl, users.alice.email)).accessToken;
    hank = (await signIn(stack().identityUrl, users.hank.email)).accessToken;
    expect((await other()).status).to.equal(200);
  });

  it('lets one member dribble 300 bodies without stalling another tenant: 16 held and cut at the request timeout, the rest 429', async () => {
    // Given 300 writes of tenant A whose bodies come one byte at a time, more than the gateway's upstream sockets
    const head = `POST /api/entries HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer ${alice}\r\nX-Tenant-Id: ${stack().tenants.a}\r\n`
      + 'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{';
    const slow = Array.from({ length: 300 }, () => rawConnection(gateway.url, head));
    const drip = setInterval(() => {
      for (const { socket } of slow) if (!socket.destroyed) socket.write(' ');
    }, 250);
    try {
      // Then tenant B's requests keep their latency, every one answered 200
      const { statuses, p99 } = await latencies(40, other);
      expect(statuses.every((status) => status === 200), String(statuses)).to.equal(true);
      expect(p99, 'tenant B p99 in ms').to.be.below(otherTenantP99Ms);
      process.stdout.write(`      tenant B p99 while A dribbled 300 bodies: ${p99.toFixed(1)} ms\n`);

      // And A's requests were refused past its share, and the held ones cut at the request timeout
      const answers = await Promise.all(slow.map(({ answered }) => answered));
      const refused = answers.filter(({ status }) => status === 429);
      const cut = answers.filter(({ status }) => status === 408);
      expect(refused.length + cut.length, JSON.stringify(answers.slice(0, 5))).to.equal(300);
      expect(cut.length).to.equal(16);
      expect(Math.max(...cut.map(({ closedMs }) => closedMs)), 'cut within the request timeout and one check').to.be.below(requestTimeoutMs + 2_500);
      expect(Math.max(...refused.map(({ closedMs }) => closedMs)), 'refused ones closed at once').to.be.below(requestTimeoutMs);
    } finally {
      clearInterval(drip);
      for (const { socket } of slow) socket.destroy();
    }
  });

  it('answers an unauthenticated platform request at once, before its body: nobody signed out can hold a platform connection', async () => {
    const head = 'POST /platform/v1/tenants HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{';
    const slow = Array.from({ length: 300 }, () => rawConnection(gateway.url, head));
    try {
      const answers = await Promise.all(slow.map(({ answered }) => answered));
      expect(answers.every(({ status }) => status === 401), JSON.stringify(answers.slice(0, 3))).to.equal(true);
      // Answered and closed at once, the body never read
      expect(Math.max(...answers.map(({ closedMs }) => closedMs))).to.be.below(headersTimeoutMs);
    } finally {
      for (const { socket } of slow) socket.destroy();
    }
    const admin = (await signIn(stack().identityUrl, 'admin@tenantry.dev')).accessToken;
    expect((await fetch(`${gateway.url}/platform/v1/tenants`, { headers: { authorization: `Bearer ${admin}` } })).status).to.equal(200);
  });

  it('cuts slow headers and idle connections at the headers timeout, while another tenant is served', async () => {
    const slowHeaders = Array.from({ length: 150 }, () => rawConnection(gateway.url, 'GET /api/entries HTTP/1.1\r\nHost: gateway\r\nX-Slow: '));
    const idle = Array.from({ length: 150 }, () => rawConnection(gateway.url, ''));
    const drip = setInterval(() => {
      for (const { socket } of slowHeaders) if (!socket.destroyed) socket.write('a');
    }, 200);
    try {
      const { statuses, p99 } = await latencies(30, other);
      expect(statuses.every((status) => status === 200)).to.equal(true);
      expect(p99).to.be.below(otherTenantP99Ms);
      const answers = await Promise.all([...slowHeaders, ...idle].map(({ answered }) => answered));
      expect(Math.max(...answers.map(({ closedMs }) => closedMs)), 'every one closed within the headers timeout and one check').to.be.below(headersTimeoutMs + 2_500);
    } finally {
      clearInterval(drip);
      for (const { socket } of [...slowHeaders, ...idle]) socket.destroy();
    }
  });

  it('refuses a flood of forged tokens with 401 while another tenant keeps its latency', async () => {
    const forged = `${Buffer.from('{"alg":"RS256","kid":"nope"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.c2ln`;
    const flood = (async () => {
      const statuses = new Set<number>();
      for (let round = 0; round < 40; round += 1) {
        const answers = await Promise.all(Array.from({ length: 25 }, () =>
          fetch(`${gateway.url}/api/entries`, { headers: { authorization: `Bearer ${forged}`, 'x-tenant-id': stack().tenants.b } })));
        for (const answer of answers) {
          statuses.add(answer.status);
          await answer.body?.cancel();
        }
      }
      return statuses;
    })();
    const { statuses, p99 } = await latencies(30, other);
    expect([...await flood]).to.deep.equal([401]);
    expect(statuses.every((status) => status === 200)).to.equal(true);
    expect(p99).to.be.below(otherTenantP99Ms);
  });

  it('refuses a body over the limit with 413 without reading it all', async () => {
    // Headers only, declaring 2 MiB: the answer comes before a byte of the body is sent, so it is read from a
    // connection with nothing unread on it (an upload racing the gateway's close could lose the answer to a reset).
    const url = new URL(`${gateway.url}/api/entries`);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const upload = request({
        host: url.hostname, port: url.port, path: url.pathname, method: 'POST',
        headers: { authorization: `Bearer ${alice}`, 'x-tenant-id': stack().tenants.a, 'content-type': 'application/json', 'content-length': String(2 * 1024 * 1024) },
      }, (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => { body += chunk; }).on('end', () => {
          resolve({ status: response.statusCode ?? 0, body });
          upload.destroy();
        });
      });
      upload.on('error', reject);
      upload.flushHeaders();
    });
    expect(answer.status).to.equal(413);
    expect((JSON.parse(answer.body) as { code: string }).code).to.equal('BODY_TOO_LARGE');
  });

  it('knows nothing of the platform\'s internal surface: datasource, token endpoint, keys, metrics, probes', async () => {
    const admin = (await signIn(stack().identityUrl, 'admin@tenantry.dev')).accessToken;
    for (const path of [
      `/platform/internal/v1/tenants/${stack().tenants.a}/datasource`, '/platform/oauth2/token', '/platform/metrics', '/platform/healthz',
      '/platform/.well-known/jwks.json', '/platform/openapi.json', '/platform', '/platform/',
    ]) {
      for (const token of [admin, stack().serviceToken]) {
        const response = await fetch(`${gateway.url}${path}`, { method: path.includes('oauth2') ? 'POST' : 'GET', headers: { authorization: `Bearer ${token}` } });
        expect(response.status, path).to.equal(404);
        expect(((await response.json()) as { code: string }).code, path).to.equal('ROUTE_NOT_FOUND');
      }
    }
  });
});
