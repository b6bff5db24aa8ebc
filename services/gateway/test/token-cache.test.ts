// The internal token cache over the real exchange client, against a small local token endpoint standing in for the platform.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { SignJWT } from 'jose';
import { eventually } from '@tenantry/harness';
import { GatewayRejection } from '../src/gateway-errors.js';
import { createTokenCache } from '../src/token-cache.js';
import { TokenExchangeError, createTokenExchange } from '../src/token-exchange.js';

interface TokenEndpoint {
  readonly url: string;
  readonly requests: URLSearchParams[];
  readonly authorizations: string[];
  /** What the next answers say: a lifetime in seconds, or an OAuth error. */
  answer: { lifetimeSeconds: number } | { status: number; error: string };
  /** Held answers are released together, to make exchanges overlap. */
  hold: boolean;
  release(): void;
  close(): Promise<void>;
}

const signingKey = new TextEncoder().encode('a test key that only this stand-in uses for its tokens');

async function startTokenEndpoint(): Promise<TokenEndpoint> {
  const held: (() => void)[] = [];
  const endpoint = {
    requests: [] as URLSearchParams[], authorizations: [] as string[], answer: { lifetimeSeconds: 300 } as TokenEndpoint['answer'], hold: false,
    release: () => held.splice(0).forEach((respond) => respond()),
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => { body += chunk; }).on('end', () => {
      endpoint.requests.push(new URLSearchParams(body));
      endpoint.authorizations.push(req.headers.authorization ?? '');
      const answer = endpoint.answer;
      const respond = () => void (async () => {
        if ('error' in answer) {
          res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: answer.error }));
          return;
        }
        const token = await new SignJWT({ tenant: 'acme' }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt()
          .setExpirationTime(`${answer.lifetimeSeconds}s`).sign(signingKey);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: token, token_type: 'Bearer' }));
      })();
      if (endpoint.hold) held.push(respond);
      else respond();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    ...endpoint,
    get answer() { return endpoint.answer; },
    set answer(value) { endpoint.answer = value; },
    get hold() { return endpoint.hold; },
    set hold(value) { endpoint.hold = value; },
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const key = (tokenId = 'jti:1', subject = 'alice') => ({ subject, tenant: 'acme', tokenId, subjectToken: 'external-token' });

describe('token cache', () => {
  let endpoint: TokenEndpoint;
  beforeEach(async () => { endpoint = await startTokenEndpoint(); });
  afterEach(() => endpoint.close());

  const exchangeAt = (url = endpoint.url) => createTokenExchange({ platformUrl: url, clientId: 'gateway', clientSecret: 's'.repeat(32) });

  it('exchanges once with Basic auth and an RFC 8693 form, then answers from the cache', async () => {
    const cache = createTokenCache({ exchange: exchangeAt() });

    const first = await cache.get(key());
    const second = await cache.get(key());

    expect(first.cached).to.equal(false);
    expect(second).to.deep.equal({ token: first.token, cached: true });
    expect(endpoint.requests).to.have.length(1);
    expect(Object.fromEntries(endpoint.requests[0]!)).to.deep.equal({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange', subject_token: 'external-token',
      subject_token_type: 'urn:ietf:params:oauth:token-type:access_token', tenant: 'acme',
    });
    expect(endpoint.authorizations[0]).to.equal(`Basic ${Buffer.from(`gateway:${'s'.repeat(32)}`).toString('base64')}`);
  });

  it('shares one exchange among concurrent requests for the same user, tenant and token', async () => {
    const cache = createTokenCache({ exchange: exchangeAt() });
    endpoint.hold = true;

    const pending = Array.from({ length: 20 }, () => cache.get(key()));
    const other = cache.get(key('jti:2'));
    await eventually('both distinct exchanges reach the endpoint', () => endpoint.requests.length === 2, { timeoutMs: 5_000 });
    endpoint.release();
    const results = await Promise.all([...pending, other]);

    expect(endpoint.requests).to.have.length(2);
    expect(new Set(results.slice(0, 20).map((result) => result.token.token)).size).to.equal(1);
  });

  it('exchanges again once the token is within the margin of its expiry', async () => {
    let now = Date.now();
    const cache = createTokenCache({ exchange: exchangeAt(), marginMs: 30_000, reuseMs: 300_000, now: () => now });
    await cache.get(key());

    now += 269_000;
    await cache.get(key());
    expect(endpoint.requests).to.have.length(1);
    now += 2_000;
    await cache.get(key());

    expect(endpoint.requests).to.have.length(2);
  });

  it('reuses an exchange\'s answer for reuseMs at most, so a changed grant reaches requests within that bound', async () => {
    let now = Date.now();
    const cache = createTokenCache({ exchange: exchangeAt(), reuseMs: 15_000, now: () => now });
    expect((await cache.get(key())).cached).to.equal(false);

    now += 14_999;
    expect((await cache.get(key())).cached).to.equal(true);
    expect(endpoint.requests).to.have.length(1);
    now += 2;
    expect((await cache.get(key())).cached).to.equal(false);
    expect(endpoint.requests, 'the platform is asked again').to.have.length(2);
  });

  it('never caches a token that already lives less than the margin', async () => {
    endpoint.answer = { lifetimeSeconds: 10 };
    const cache = createTokenCache({ exchange: exchangeAt(), marginMs: 30_000 });

    await cache.get(key());
    await cache.get(key());

    expect(endpoint.requests).to.have.length(2);
    expect(cache.size()).to.equal(0);
  });

  it('maps the platform\'s refusals and absence to the gateway\'s rejections, and caches no failure', async () => {
    const cache = createTokenCache({ exchange: exchangeAt() });
    const cases = [
      [{ status: 400, error: 'invalid_target' }, 'invalid_target', 'not_a_member', 403],
      [{ status: 400, error: 'invalid_grant' }, 'invalid_grant', 'invalid_token', 401],
      [{ status: 503, error: 'temporarily_unavailable' }, 'unavailable', 'platform_unavailable', 503],
      [{ status: 401, error: 'invalid_client' }, 'failed', 'platform_unavailable', 503],
    ] as const;
    for (const [answer, outcome, reason] of cases) {
      endpoint.answer = answer;
      const error = await cache.get(key()).then(() => undefined, (failure: unknown) => failure);
      expect(error, answer.error).to.be.instanceOf(TokenExchangeError);
      expect((error as TokenExchangeError).outcome).to.equal(outcome);
      expect((error as TokenExchangeError).rejection).to.be.instanceOf(GatewayRejection).with.property('reason', reason);
    }
    expect(endpoint.requests).to.have.length(cases.length);
  });

  it('reports an unreachable platform as unavailable', async () => {
    const url = endpoint.url;
    await endpoint.close();
    const cache = createTokenCache({ exchange: exchangeAt(url) });

    const error = await cache.get(key()).then(() => undefined, (failure: unknown) => failure);

    expect((error as TokenExchangeError).outcome).to.equal('unavailable');
    endpoint = await startTokenEndpoint();
  });
});
