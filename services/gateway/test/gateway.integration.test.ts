// The gateway end to end as real processes: identity provider, platform, operator and gateway, with an echo upstream.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  call, condition, createTenant, createTestDatabase, customObjects, deleteTenant, demoUser, ensureDatabaseServer, eventually,
  exchangeClientsSetting, exchangeCount, freePort, InternalTokenVerifier, newExchangeClient, newServiceToken, openEventStream,
  operatorNamespace, registerDatabaseServer, sharedEnvironment, signIn, startNodeService, startOperator, startPlatform, trustedIssuer,
  uniqueTenantName, useIdentityProcess, waitForReady, waitForTenant, type Environment, type NodeService, type OperatorProcess,
  type TestDatabase,
} from '@tenantry/harness';
import { CLI_CLIENT_ID, DEFAULT_API_AUDIENCE, WEB_CLIENT_ID } from '@tenantry/identity';
import { startEchoUpstream, type EchoAnswer, type EchoUpstream } from './support/echo-upstream.js';

const alice = demoUser('alice@acme.example');
const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('gateway (integration, real identity provider, platform, operator and gateway processes)', function () {
  this.timeout(180_000);
  const identity = useIdentityProcess();
  let env: Environment;
  let operator: OperatorProcess;
  let database: TestDatabase;
  let platform: NodeService;
  let gateway: NodeService;
  let echo: EchoUpstream;
  let verifyInternal: Parameters<typeof startEchoUpstream>[0];
  let adminToken: string;
  const exchangeClient = newExchangeClient('gateway');
  const acme = uniqueTenantName('acme');
  const metered = uniqueTenantName('metered');
  const frozen = uniqueTenantName('frozen');
  const pending = uniqueTenantName('pending');
  const stalled = uniqueTenantName('stalled');
  const unreachableServer = uniqueTenantName('gateway-unreachable');
  const webRoot = mkdtempSync(join(tmpdir(), 'tenantry-web-'));
  writeFileSync(join(webRoot, 'index.html'), '<title>Tenantry</title>');

  const viaGateway = (path: string, { token, tenant, headers = {}, method = 'GET', body }: {
    token?: string; tenant?: string; headers?: Record<string, string>; method?: string; body?: string;
  } = {}) => fetch(`${gateway.url}${path}`, {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...(tenant === undefined ? {} : { 'x-tenant-id': tenant }), ...headers,
    },
    ...(body === undefined ? {} : { body }),
  });

  before(async () => {
    env = await sharedEnvironment();
    await ensureDatabaseServer(env);
    // Nothing listens on that port: a tenant placed there keeps retrying, in progress.
    await registerDatabaseServer(env, { name: unreachableServer, namespace: operatorNamespace, port: await freePort() });
    operator = await startOperator(env);
    await Promise.all([
      createTenant(env, acme), createTenant(env, metered, { plan: 'free' }), createTenant(env, frozen),
      createTenant(env, pending, { databaseServer: unreachableServer }),
      // No such DatabaseServer: placement fails for good, the tenant is Stalled until someone fixes the spec.
      createTenant(env, stalled, { databaseServer: 'no-such-server' }),
    ]);
    database = await createTestDatabase(env, 'gateway');
    platform = await startPlatform(env, {
      issuer: trustedIssuer(identity().url), databaseUrl: database.url, serviceToken: newServiceToken(),
      env: { PLATFORM_EXCHANGE_CLIENTS: exchangeClientsSetting(exchangeClient) },
    });
    const internalTokens = new InternalTokenVerifier(platform.url);
    verifyInternal = async (token) => (await internalTokens.verify(token)).payload;
    echo = await startEchoUpstream(verifyInternal);
    gateway = await startNodeService({
      name: 'gateway', entry: 'services/gateway/src/main.ts', logDir: env.dir, portVariable: 'GATEWAY_PORT',
      env: {
        KUBECONFIG: env.kubeconfigFile, GATEWAY_HOST: '127.0.0.1', LOG_LEVEL: 'debug',
        GATEWAY_OIDC_ISSUER: identity().url, GATEWAY_OIDC_CLIENT_IDS: `${CLI_CLIENT_ID},${WEB_CLIENT_ID}`, GATEWAY_OIDC_AUDIENCE: DEFAULT_API_AUDIENCE,
        GATEWAY_PLATFORM_URL: platform.url, GATEWAY_BACKEND_URL: echo.url,
        GATEWAY_EXCHANGE_CLIENT_ID: exchangeClient.id, GATEWAY_EXCHANGE_CLIENT_SECRET: exchangeClient.secret,
        GATEWAY_RATE_LIMITS: 'free:1/2,standard:1000', GATEWAY_WEB_ROOT: webRoot,
      },
    });
    await eventually('the gateway answers /readyz with 200', async () => (await fetch(`${gateway.url}/readyz`)).ok, { timeoutMs: 30_000 });
    await Promise.all([acme, metered, frozen].map((name) => waitForReady(env, name, 90_000)));
    adminToken = (await signIn(identity().url, 'admin@tenantry.dev')).accessToken;
    for (const tenant of [acme, metered, frozen, pending, stalled]) {
      const added = await call(platform.url, 'POST', `/v1/policy/tenants/${tenant}/memberships`, { token: adminToken, body: { user: alice.sub, role: 'editor' } });
      expect(added.status, JSON.stringify(added.body)).to.equal(201);
    }
  });

  after(async () => {
    await gateway?.stop();
    await echo?.close();
    await platform?.stop();
    await operator?.stop();
    await database?.drop();
    rmSync(webRoot, { recursive: true, force: true });
    await Promise.all([acme, metered, frozen, pending, stalled].map((name) => deleteTenant(env, name).catch(() => undefined)));
    await customObjects(env.kubeConfig()).deleteClusterCustomObject({
      group: 'tenantry.dev', version: 'v1alpha1', plural: 'databaseservers', name: unreachableServer,
    }).catch(() => undefined);
  });

  it('sends the upstream an internal token for the user and tenant instead of the external one, and strips forged headers', async () => {
    // Given alice, an editor of acme, signed in at the identity provider
    const { accessToken } = await signIn(identity().url, alice.email);

    // When she calls the API through the gateway with forged internal headers, a trace context and a body
    const response = await viaGateway('/api/entries?limit=5', {
      token: accessToken, tenant: acme, method: 'POST', body: '{"title":"hello"}',
      headers: {
        'content-type': 'application/json', traceparent, 'x-internal-user': 'root', 'x-tenant-roles': 'tenant-admin',
        'x-user-id': 'someone-else', 'x-forwarded-user': 'root',
      },
    });

    // Then the upstream got a verifiable internal token for alice in acme, and none of the forged headers
    expect(response.status).to.equal(200);
    expect(response.headers.get('x-echo')).to.equal('yes');
    const echoed = await response.json() as EchoAnswer;
    expect(echoed.tokenError).to.equal(undefined);
    expect(echoed.claims).to.deep.include({ sub: alice.sub, tenant: acme, roles: ['editor'] });
    expect(echoed.headers.authorization).to.not.include(accessToken);
    expect(echoed.headers).to.not.have.any.keys('x-internal-user', 'x-tenant-roles', 'x-user-id', 'x-forwarded-user');
    expect(echoed.headers).to.include({ 'x-tenant-id': acme, traceparent });
    expect(echoed.headers['x-request-id']).to.be.a('string').and.equal(response.headers.get('x-request-id'));
    expect(echoed).to.include({ method: 'POST', path: '/api/entries?limit=5', body: '{"title":"hello"}' });
  });

  it('answers 502 problem+json while the backend is down, stays up, and serves again once the backend is back', async () => {
    // Given alice's requests served, then the backend gone
    const { accessToken } = await signIn(identity().url, alice.email);
    expect((await viaGateway('/api/entries', { token: accessToken, tenant: acme })).status).to.equal(200);
    const { port } = new URL(echo.url);
    await echo.close();

    // When she calls again
    const refused = await viaGateway('/api/entries', { token: accessToken, tenant: acme });

    // Then the gateway answers for the backend, and serves her as soon as it is back
    expect(refused.status).to.equal(502);
    expect(refused.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(await refused.json()).to.include({ status: 502, code: 'UPSTREAM_UNAVAILABLE' });
    expect((await fetch(`${gateway.url}/healthz`)).status).to.equal(200);
    echo = await startEchoUpstream(verifyInternal, { port: Number(port) });
    expect((await viaGateway('/api/entries', { token: accessToken, tenant: acme })).status).to.equal(200);
  });

  it('exchanges once per user, tenant and token however many requests follow', async () => {
    const { accessToken } = await signIn(identity().url, alice.email);
    const before = await exchangeCount(platform.url, 'issued');

    expect((await viaGateway('/api/entries', { token: accessToken, tenant: acme })).status).to.equal(200);
    const statuses = await Promise.all(Array.from({ length: 20 }, () => viaGateway('/api/entries', { token: accessToken, tenant: acme }).then((r) => r.status)));

    expect(statuses.every((status) => status === 200), String(statuses)).to.equal(true);
    expect(await exchangeCount(platform.url, 'issued') - before).to.equal(1);
  });

  it('refuses a request without a token, or with a bad one, with 401 and a Bearer challenge', async () => {
    for (const token of [undefined, 'not-a-jwt']) {
      const response = await viaGateway('/api/entries', { ...(token === undefined ? {} : { token }), tenant: acme });

      expect(response.status).to.equal(401);
      expect(response.headers.get('content-type')).to.include('application/problem+json');
      expect(response.headers.get('www-authenticate')).to.equal('Bearer realm="tenantry", error="invalid_token"');
    }
  });

  it('asks for X-Tenant-Id when it is missing', async () => {
    const { accessToken } = await signIn(identity().url, alice.email);

    const response = await viaGateway('/api/entries', { token: accessToken });

    expect(response.status).to.equal(400);
    expect(JSON.stringify(await response.json())).to.include('x-tenant-id');
  });

  it('answers 503 with Retry-After for a member\'s tenant still provisioning, and without it for a Stalled one', async () => {
    const { accessToken } = await signIn(identity().url, alice.email);
    await waitForTenant(env, stalled, 'Stalled', (tenant) => condition(tenant, 'Stalled')?.status === 'True');
    await waitForTenant(env, pending, 'retrying', (tenant) => condition(tenant, 'Reconciling')?.status === 'True');

    const notReady = await viaGateway('/api/entries', { token: accessToken, tenant: pending });
    const needsHuman = await viaGateway('/api/entries', { token: accessToken, tenant: stalled });

    expect(notReady.status).to.equal(503);
    expect(Number(notReady.headers.get('retry-after'))).to.be.greaterThan(0);
    expect((await notReady.json() as { code: string }).code).to.equal('TENANT_NOT_READY');
    expect(needsHuman.status).to.equal(503);
    expect(needsHuman.headers.get('retry-after')).to.equal(null);
    const problem = await needsHuman.json() as { code: string; detail: string };
    expect(problem.code).to.equal('TENANT_UNAVAILABLE');
    expect(problem.detail).to.include('until an operator acts');
  });

  it('answers an unknown tenant and another tenant\'s name alike, whatever state that tenant is in', async () => {
    // Given hank, a member of none of this suite's tenants
    const { accessToken } = await signIn(identity().url, 'hank@globex.example');
    const answer = async (tenant: string) => {
      const response = await viaGateway('/api/entries', { token: accessToken, tenant });
      const body = await response.json() as Record<string, unknown>;
      const headers = [...response.headers.keys()].filter((name) => !['date', 'x-request-id', 'content-length'].includes(name));
      return { status: response.status, headers, body: { ...body, detail: String(body['detail']).replace(tenant, '<tenant>'), instance: undefined, requestId: undefined } };
    };

    // When he names a tenant that does not exist, and existing ones: serving, provisioning, stalled, and one
    // serving or suspended (a later test suspends it)
    const unknown = await answer(uniqueTenantName('nobody'));
    for (const existing of [acme, pending, stalled, frozen]) {
      // Then every answer is the unknown tenant's, status, headers and body
      expect(await answer(existing), existing).to.deep.equal(unknown);
    }
    expect(unknown.status).to.equal(404);
    expect(unknown.body).to.include({ code: 'TENANT_NOT_FOUND' });
  });

  it('binds a membership held by e-mail (spec.admins) through the ID token a client sends, and never forwards that token', async () => {
    // Given a tenant whose spec names bob as an admin: a membership by e-mail, as Cognito access tokens carry none
    const admined = uniqueTenantName('admined');
    await createTenant(env, admined, { admins: ['bob@acme.example'] });
    await waitForReady(env, admined, 90_000);
    const bob = await signIn(identity().url, 'bob@acme.example');
    await eventually('the platform has synchronised the tenant admins', async () => {
      const members = await call(platform.url, 'GET', `/v1/policy/tenants/${admined}/memberships`, { token: adminToken });
      return JSON.stringify(members.body).includes('bob@acme.example');
    });
    try {
      // When bob calls without his ID token, the platform cannot know his e-mail: not a member
      expect((await viaGateway('/api/entries', { token: bob.accessToken, tenant: admined })).status).to.equal(404);

      // When he sends it, the platform verifies it, binds the membership, and the request goes through
      const response = await viaGateway('/api/entries', { token: bob.accessToken, tenant: admined, headers: { 'x-id-token': bob.idToken } });
      expect(response.status).to.equal(200);
      const echoed = await response.json() as EchoAnswer;
      expect(echoed.claims).to.deep.include({ tenant: admined, roles: ['tenant-admin'] });
      expect(echoed.headers).to.not.have.any.keys('x-id-token');
    } finally {
      await deleteTenant(env, admined).catch(() => undefined);
    }
  });

  it('refuses a user who is not a member of the tenant as if it did not exist', async () => {
    const { accessToken } = await signIn(identity().url, 'hank@globex.example');

    const response = await viaGateway('/api/entries', { token: accessToken, tenant: acme });

    expect(response.status).to.equal(404);
    expect((await response.json() as { detail: string }).detail).to.equal(`There is no tenant ${acme} that you are a member of.`);
  });

  it('refuses a suspended tenant with 403 within a second of the suspension', async () => {
    const { accessToken } = await signIn(identity().url, alice.email);
    expect((await viaGateway('/api/entries', { token: accessToken, tenant: frozen })).status).to.equal(200);

    // When a platform admin suspends the tenant (the platform writes spec.suspended)
    const written = Date.now();
    const suspended = await call(platform.url, 'POST', `/v1/tenants/${frozen}/suspend`, { token: adminToken });
    expect(suspended.status, JSON.stringify(suspended.body)).to.equal(200);
    const refusedAt = await eventually('the gateway refuses the suspended tenant with 403', async () =>
      (await viaGateway('/api/entries', { token: accessToken, tenant: frozen })).status === 403 ? Date.now() : undefined, { timeoutMs: 5_000, intervalMs: 10 });

    const latencyMs = refusedAt - written;
    process.stdout.write(`      suspension took effect at the gateway after ${latencyMs} ms\n`);
    expect(latencyMs).to.be.lessThan(1_000);
  });

  it('answers 429 with Retry-After once a tenant is over its plan\'s rate', async () => {
    const { accessToken } = await signIn(identity().url, alice.email);

    const responses = await Promise.all(Array.from({ length: 6 }, () => viaGateway('/api/entries', { token: accessToken, tenant: metered })));

    const limited = responses.filter((response) => response.status === 429);
    expect(limited.length, String(responses.map((response) => response.status))).to.be.greaterThan(0);
    expect(Number(limited[0]!.headers.get('retry-after'))).to.be.at.least(1);
  });

  it('proxies /platform/* to the platform API with the external token unchanged', async () => {
    const response = await viaGateway('/platform/v1/tenants', { token: adminToken });

    expect(response.status).to.equal(200);
    expect(JSON.stringify(await response.json())).to.include(acme);
  });

  it('streams the platform\'s tenant events through as they happen, never buffered', async () => {
    const stream = await openEventStream(`${gateway.url}/platform/v1/tenant-events`, { authorization: `Bearer ${adminToken}` });
    try {
      expect(stream.status).to.equal(200);
      expect(stream.headers.get('content-type')).to.match(/^text\/event-stream/);
      expect(stream.headers.get('content-encoding')).to.equal(null);
      await stream.next('the snapshot, while the stream stays open');

      const name = uniqueTenantName('streamed');
      const written = performance.now();
      await createTenant(env, name, { databaseServer: 'no-such-server' });
      const event = await stream.next(`the creation of ${name}`, (candidate) => candidate.event === 'upsert' && candidate.data.includes(`"name":"${name}"`), 10_000);

      expect(event.receivedAt - written, 'ms from the write to the event through the gateway').to.be.below(2_000);
      await deleteTenant(env, name);
    } finally {
      stream.close();
    }
  });

  it('passes the ID token to the platform, which binds the memberships held by e-mail with it', async () => {
    const hank = demoUser('hank@globex.example');
    const owned = uniqueTenantName('owned');
    await createTenant(env, owned, { admins: [hank.email], databaseServer: 'no-such-server' });
    try {
      const { accessToken, idToken } = await signIn(identity().url, hank.email);
      await eventually('the platform has synchronised the tenant admins', async () =>
        JSON.stringify((await call(platform.url, 'GET', `/v1/policy/tenants/${owned}/memberships`, { token: adminToken })).body).includes(hank.email));
      const mine = async (headers: Record<string, string>) => {
        const response = await viaGateway('/platform/v1/me/tenants', { token: accessToken, headers });
        return ((await response.json()) as { items: { name: string; roles: string[] }[] }).items.find((item) => item.name === owned);
      };

      expect(await mine({}), 'without the ID token the e-mail is unknown').to.equal(undefined);
      expect((await mine({ 'x-id-token': idToken }))?.roles).to.deep.equal(['tenant-admin']);
    } finally {
      await deleteTenant(env, owned);
    }
  });

  it('serves the web build at / without a token', async () => {
    const response = await fetch(`${gateway.url}/`);

    expect(response.status).to.equal(200);
    expect(await response.text()).to.equal('<title>Tenantry</title>');
  });

  it('exports its exchange and rejection counters on /metrics', async () => {
    const text = await (await fetch(`${gateway.url}/metrics`)).text();

    expect(text).to.match(/tenantry_gateway_token_exchanges_total\{[^}]*outcome="issued"[^}]*\} [1-9]/);
    expect(text).to.match(/tenantry_gateway_rejections_total\{[^}]*reason="tenant_suspended"[^}]*\} [1-9]/);
    expect(text).to.include('route="/api{/*path}"');
  });
});
