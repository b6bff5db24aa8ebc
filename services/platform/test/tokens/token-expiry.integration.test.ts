// The exchange and the subject token's lifetime: an internal token never outlives it, and an expired one is refused
// at once (no clock tolerance), with an identity provider issuing 2-second tokens.
import { expect } from 'chai';
import { decodeJwt } from 'jose';
import {
  call, createTenant, createTestDatabase, deleteTenant, demoUser, eventually, exchange, exchangeClientsSetting, exchangeForm,
  installCrds, InternalTokenVerifier, newExchangeClient, newServiceToken, sharedEnvironment, signIn, startPlatform,
  trustedIssuer, uniqueTenantName, useIdentityProcess, type Environment, type NodeService, type TestDatabase,
} from '@tenantry/harness';

const alice = demoUser('alice@acme.example');

describe('token exchange and subject token expiry (integration, 2-second identity tokens)', function () {
  this.timeout(60_000);
  const identity = useIdentityProcess({ env: { IDENTITY_ACCESS_TOKEN_TTL: '2s' } });
  let env: Environment;
  let database: TestDatabase;
  let platform: NodeService;
  const gateway = newExchangeClient();
  const acme = uniqueTenantName('acme');

  before(async () => {
    env = await sharedEnvironment();
    await installCrds(env);
    await createTenant(env, acme);
    database = await createTestDatabase(env);
    platform = await startPlatform(env, {
      issuer: trustedIssuer(identity().url), databaseUrl: database.url, serviceToken: newServiceToken(),
      env: { PLATFORM_EXCHANGE_CLIENTS: exchangeClientsSetting(gateway) },
    });
    const admin = await signIn(identity().url, 'admin@tenantry.dev');
    const added = await call(platform.url, 'POST', `/v1/policy/tenants/${acme}/memberships`, { token: admin.accessToken, body: { user: alice.sub, role: 'viewer' } });
    expect(added.status, JSON.stringify(added.body)).to.equal(201);
  });

  after(async () => {
    await platform?.stop();
    await database?.drop();
    await deleteTenant(env, acme).catch(() => undefined);
  });

  it('caps the internal token at the subject token\'s own expiry, below PLATFORM_TOKEN_TTL', async () => {
    const { accessToken } = await signIn(identity().url, alice.email);
    const subjectExp = decodeJwt(accessToken).exp!;

    const response = await exchange(platform.url, gateway, exchangeForm(accessToken, acme));

    expect(response.status, JSON.stringify(response.body)).to.equal(200);
    expect(response.body.expires_in).to.be.within(1, 2);
    const { payload } = await new InternalTokenVerifier(platform.url).verify(response.body.access_token!);
    expect(payload.exp).to.equal(subjectExp);
  });

  it('refuses a subject token whose exp has passed with invalid_grant, within the verifier\'s clock tolerance too', async () => {
    // Given an access token, and the moment its exp passes
    const { accessToken } = await signIn(identity().url, alice.email);
    const expiresAtMs = decodeJwt(accessToken).exp! * 1000;
    await eventually('the subject token\'s exp has passed', () => Date.now() >= expiresAtMs,
      { timeoutMs: Math.max(0, expiresAtMs - Date.now()) + 1_000, intervalMs: 20 });

    // When the gateway exchanges it
    const response = await exchange(platform.url, gateway, exchangeForm(accessToken, acme));

    // Then it is refused as expired
    expect(response.status).to.equal(400);
    expect(response.body).to.deep.equal({ error: 'invalid_grant', error_description: 'subject_token refused: the token has expired' });
  });
});
