// The token exchange end to end: real identity provider processes, the platform as a process, tokens checked
// as the backend will check them.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import {
  call, createTenant, createTestDatabase, deleteTenant, demoUser, eventually, exchange, exchangeClientsSetting, exchangeCount,
  exchangeForm, installCrds, InternalTokenVerifier, jwtTokenType, newExchangeClient, newServiceToken, publicJwkMembers,
  publishedKeys, servicesClientToken, sharedEnvironment, signIn, startPlatform, tokenExchangeGrant, trustedIssuer,
  uniqueTenantName, useIdentityProcess, type Environment, type NodeService, type TestDatabase,
} from '@tenantry/harness';

const alice = demoUser('alice@acme.example');
const bob = demoUser('bob@acme.example');
const ttlSeconds = 300;

describe('token exchange (integration, real identity provider and platform processes)', function () {
  this.timeout(120_000);
  // Both providers sign with this one key: the impostor's tokens differ from the real ones by their issuer only.
  const sharedKeysFile = join(tmpdir(), `tenantry-identity-keys-${randomBytes(4).toString('hex')}.json`);
  before(() => {
    const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
    writeFileSync(sharedKeysFile, JSON.stringify({ keys: [{ ...jwk, kid: 'shared-key' }] }), { mode: 0o600 });
  });
  after(() => rmSync(sharedKeysFile, { force: true }));
  const identity = useIdentityProcess({ env: { IDENTITY_KEYS_FILE: sharedKeysFile } });
  const impostor = useIdentityProcess({ env: { IDENTITY_KEYS_FILE: sharedKeysFile } });

  let env: Environment;
  let database: TestDatabase;
  let platform: NodeService;
  let verifier: InternalTokenVerifier;
  const gateway = newExchangeClient();
  const acme = uniqueTenantName('acme');
  const globex = uniqueTenantName('globex');

  const exchangeFor = (subjectToken: string, tenant: string, extra: Record<string, string> = {}) =>
    exchange(platform.url, gateway, exchangeForm(subjectToken, tenant, extra));

  before(async () => {
    env = await sharedEnvironment();
    await installCrds(env);
    await createTenant(env, acme, { admins: [bob.email] });
    await createTenant(env, globex, { admins: ['hank@globex.example'] });
    database = await createTestDatabase(env);
    platform = await startPlatform(env, {
      issuer: trustedIssuer(identity().url), databaseUrl: database.url, serviceToken: newServiceToken(),
      env: {
        PLATFORM_EXCHANGE_CLIENTS: exchangeClientsSetting(newExchangeClient('reports'), gateway),
        PLATFORM_TOKEN_AUDIENCES: 'tenantry-backend,tenantry-reports',
        PLATFORM_TOKEN_TTL: `${ttlSeconds}s`,
      },
    });
    verifier = new InternalTokenVerifier(platform.url);
    // A platform admin makes alice an editor of acme by her subject, as the admin UI would.
    const admin = await signIn(identity().url, 'admin@tenantry.dev');
    const added = await call(platform.url, 'POST', `/v1/policy/tenants/${acme}/memberships`, { token: admin.accessToken, body: { user: alice.sub, role: 'editor' } });
    expect(added.status, JSON.stringify(added.body)).to.equal(201);
  });

  after(async () => {
    await platform?.stop();
    await database?.drop();
    await Promise.all([acme, globex].map((name) => deleteTenant(env, name).catch(() => undefined)));
  });

  it('issues a member an internal token that verifies against the platform JWKS, with tenant, roles and permissions', async () => {
    // Given alice's access token from the identity provider
    const { accessToken } = await signIn(identity().url, alice.email);

    // When the gateway exchanges it for tenant acme
    const response = await exchangeFor(accessToken, acme);

    // Then an internal JWT comes back, verifiable with the JWKS, for the default audience
    expect(response.status, JSON.stringify(response.body)).to.equal(200);
    expect(response.headers.get('cache-control')).to.equal('no-store');
    expect(response.body).to.include({ issued_token_type: jwtTokenType, token_type: 'Bearer' });
    expect(response.body.expires_in).to.be.within(1, ttlSeconds);
    const { payload, protectedHeader } = await verifier.verify(response.body.access_token!);
    expect(protectedHeader).to.include({ typ: 'at+jwt', alg: 'ES256' });
    expect((await publishedKeys(platform.url)).map((key) => key.kid)).to.include(protectedHeader.kid);
    expect(payload).to.deep.include({
      iss: platform.url, aud: 'tenantry-backend', sub: alice.sub, tenant: acme, client_id: 'tenantry-cli',
      roles: ['editor'], permissions: ['entries:read', 'entries:write'],
    });
    expect(payload.jti).to.match(/^[A-Za-z0-9_-]{22}$/);
    expect(payload.exp! - payload.iat!).to.equal(response.body.expires_in);
    expect(payload.exp! * 1000).to.be.at.most(Date.now() + ttlSeconds * 1000);
    // Cognito access tokens carry no e-mail, and no ID token was given.
    expect(payload).to.not.have.property('email');
  });

  it('accepts the tenant by name, a jwt subject token type and another allowed audience', async () => {
    const { accessToken } = await signIn(identity().url, alice.email);

    const response = await exchange(platform.url, gateway, {
      grant_type: tokenExchangeGrant, subject_token: accessToken, subject_token_type: jwtTokenType, tenant: acme, audience: 'tenantry-reports',
    });

    expect(response.status, JSON.stringify(response.body)).to.equal(200);
    const { payload } = await verifier.verify(response.body.access_token!, 'tenantry-reports');
    expect(payload).to.include({ tenant: acme, aud: 'tenantry-reports' });
  });

  it('binds a spec.admins membership through the verified e-mail of the ID token, and names that e-mail in the token', async () => {
    // Given bob, a tenant admin of acme by spec.admins only (pending until his e-mail is verified)
    const { accessToken, idToken } = await signIn(identity().url, bob.email);

    // When his access token alone is exchanged, then nothing says who he is by e-mail: he is not a member yet
    const before = await exchangeFor(accessToken, acme);
    expect(before.status).to.equal(400);
    expect(before.body.error).to.equal('invalid_target');

    // When his ID token comes along, then the membership is bound and the token carries his e-mail
    const withId = await exchangeFor(accessToken, acme, { id_token: idToken });
    expect(withId.status, JSON.stringify(withId.body)).to.equal(200);
    const { payload } = await verifier.verify(withId.body.access_token!);
    expect(payload).to.deep.include({ sub: bob.sub, email: bob.email, roles: ['tenant-admin'] });

    // And from then on the membership follows his subject, ID token or not
    expect((await exchangeFor(accessToken, acme)).status).to.equal(200);
  });

  it('refuses an ID token of another user', async () => {
    const { accessToken } = await signIn(identity().url, alice.email);
    const { idToken } = await signIn(identity().url, bob.email);

    const response = await exchangeFor(accessToken, acme, { id_token: idToken });

    expect(response.body).to.deep.equal({ error: 'invalid_grant', error_description: 'id_token refused: the ID token is about another user than the access token' });
  });

  it('refuses the access token of a client outside the allow-list', async () => {
    const token = await servicesClientToken(identity().url);

    const response = await exchangeFor(token, acme);

    expect(response.status).to.equal(400);
    expect(response.body).to.deep.equal({ error: 'invalid_grant', error_description: 'subject_token refused: the token was issued to a client this service does not accept' });
  });

  it('refuses a token from another issuer, though signed by the same key', async () => {
    const { accessToken } = await signIn(impostor().url, alice.email);
    expect(decodeProtectedHeader(accessToken).kid).to.equal('shared-key');

    const response = await exchangeFor(accessToken, acme);

    expect(response.body.error).to.equal('invalid_grant');
    expect(response.body.error_description).to.match(/iss claim is not acceptable/);
  });

  it('refuses an unsigned token (alg none) carrying genuine claims', async () => {
    const { accessToken } = await signIn(identity().url, alice.email);
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${part({ alg: 'none', typ: 'at+jwt' })}.${part(decodeJwt(accessToken))}.`;

    const response = await exchangeFor(unsigned, acme);

    expect(response.body).to.deep.equal({ error: 'invalid_grant', error_description: 'subject_token refused: the token is signed with an algorithm not accepted' });
  });

  it('refuses a token signed by a key the issuer does not publish, under a known kid or an unknown one', async () => {
    const { accessToken } = await signIn(identity().url, alice.email);
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const forge = (kid: string) => new SignJWT(decodeJwt(accessToken)).setProtectedHeader({ alg: 'RS256', kid, typ: 'at+jwt' }).sign(stranger);

    const sameKid = await exchangeFor(await forge('shared-key'), acme);
    const otherKid = await exchangeFor(await forge(randomBytes(8).toString('hex')), acme);

    expect(sameKid.body).to.deep.equal({ error: 'invalid_grant', error_description: 'subject_token refused: the token signature is invalid' });
    expect(otherKid.body).to.deep.equal({ error: 'invalid_grant', error_description: 'subject_token refused: the token is signed by an unknown key' });
  });

  it('refuses a tenant the user is not a member of and an unknown tenant alike, and gives platform admins no implicit membership', async () => {
    const aliceTokens = await signIn(identity().url, alice.email);
    const mallory = await signIn(identity().url, 'mallory@example.com');
    const admin = await signIn(identity().url, 'admin@tenantry.dev');
    const unknown = uniqueTenantName('nobody');

    const refusals = {
      [`alice in ${globex}`]: [await exchangeFor(aliceTokens.accessToken, globex), globex],
      [`mallory in ${acme}`]: [await exchangeFor(mallory.accessToken, acme, { id_token: mallory.idToken }), acme],
      [`admin in ${acme}`]: [await exchangeFor(admin.accessToken, acme), acme],
      [`alice in ${unknown}`]: [await exchangeFor(aliceTokens.accessToken, unknown), unknown],
    } as const;

    for (const [who, [response, tenant]] of Object.entries(refusals)) {
      expect(response.status, who).to.equal(400);
      expect(response.body, who).to.deep.equal({ error: 'invalid_target', error_description: `the user may not have a token for tenant ${tenant}` });
    }
  });

  it('refuses an audience outside the allow-list', async () => {
    const { accessToken } = await signIn(identity().url, alice.email);

    const response = await exchangeFor(accessToken, acme, { audience: 'tenantry-billing' });

    expect(response.body).to.deep.equal({ error: 'invalid_target', error_description: 'tokens for the audience tenantry-billing are not issued here' });
  });

  it('refuses malformed requests: no subject_token, another grant type, a repeated parameter, a foreign resource, JSON, too much', async () => {
    const { accessToken } = await signIn(identity().url, alice.email);
    const { subject_token: _omitted, ...withoutSubject } = exchangeForm(accessToken, acme);

    const missing = await exchange(platform.url, gateway, withoutSubject);
    const password = await exchange(platform.url, gateway, { ...exchangeForm(accessToken, acme), grant_type: 'password' });
    const repeated = await exchange(platform.url, gateway, `${new URLSearchParams(exchangeForm(accessToken, acme)).toString()}&tenant=a&tenant=b`);
    const foreign = await exchangeFor(accessToken, acme, { resource: 'https://api.example.com' });
    const huge = await exchangeFor(accessToken, acme, { padding: 'x'.repeat(40_000) });
    const json = await fetch(`${platform.url}/oauth2/token`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${gateway.id}:${gateway.secret}`).toString('base64')}` },
      body: JSON.stringify(exchangeForm(accessToken, acme)),
    });

    expect(missing.body).to.deep.equal({ error: 'invalid_request', error_description: 'missing or invalid parameter: subject_token' });
    expect(password.body.error).to.equal('unsupported_grant_type');
    expect(repeated.body).to.deep.equal({ error: 'invalid_request', error_description: 'the tenant parameter is repeated' });
    expect(foreign.body.error).to.equal('invalid_target');
    expect([json.status, ((await json.json()) as { error: string }).error]).to.deep.equal([400, 'invalid_request']);
    expect(huge.body).to.deep.equal({ error: 'invalid_request', error_description: 'the request body is too large' });
    for (const response of [missing, password, repeated, foreign, huge]) expect(response.status).to.equal(400);
  });

  it('refuses callers without valid exchange client credentials with 401 and a Basic challenge', async () => {
    const { accessToken } = await signIn(identity().url, alice.email);

    const anonymous = await exchange(platform.url, undefined, exchangeForm(accessToken, acme));
    const wrongSecret = await exchange(platform.url, { id: gateway.id, secret: newExchangeClient().secret }, exchangeForm(accessToken, acme));

    for (const response of [anonymous, wrongSecret]) {
      expect(response.status).to.equal(401);
      expect(response.body.error).to.equal('invalid_client');
      expect(response.headers.get('www-authenticate')).to.match(/^Basic realm="tenantry"/);
    }
  });

  it('serves public key members only, with a short public cache lifetime, and names them in its metadata', async () => {
    const response = await fetch(`${platform.url}/.well-known/jwks.json`);
    const metadata = await (await fetch(`${platform.url}/.well-known/oauth-authorization-server`)).json() as Record<string, unknown>;

    expect(response.headers.get('cache-control')).to.equal('public, max-age=60');
    expect(response.headers.get('content-type')).to.match(/^application\/jwk-set\+json/);
    const { keys } = await response.json() as { keys: Record<string, unknown>[] };
    expect(keys).to.have.length(1);
    for (const key of keys) {
      expect(Object.keys(key).filter((member) => !publicJwkMembers.includes(member))).to.deep.equal([]);
      expect(key).to.not.have.any.keys('d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k');
    }
    expect(metadata).to.deep.include({
      issuer: platform.url, token_endpoint: `${platform.url}/oauth2/token`, jwks_uri: `${platform.url}/.well-known/jwks.json`,
      grant_types_supported: [tokenExchangeGrant], token_endpoint_auth_methods_supported: ['client_secret_basic'],
    });
  });

  it('writes no token and no client secret to its log, only who got a token for what', async () => {
    // Given an exchange with an ID token, and a refused one
    const { accessToken, idToken } = await signIn(identity().url, alice.email);
    const issued = await exchangeFor(accessToken, acme, { id_token: idToken });
    await exchangeFor(`${accessToken}x`, acme);
    const signature = (token: string) => token.slice(token.lastIndexOf('.') + 1);

    // When the platform has logged them
    const log = await eventually('the platform logs the issued token', async () => {
      const text = await readFile(platform.process.logFile, 'utf8');
      return text.includes('internal token issued') && text.includes('token request refused') && text;
    });

    // Then no token, no part of a token's signature and no client secret is in it
    for (const secret of [accessToken, idToken, issued.body.access_token!].map(signature).concat(gateway.secret)) {
      expect(log.includes(secret)).to.equal(false);
    }
  });

  it('counts each outcome in tenantry_token_exchanges_total', async () => {
    // Given the counters as they are now
    const outcomes = ['issued', 'invalid_grant', 'invalid_target', 'invalid_request', 'unsupported_grant_type', 'invalid_client'];
    const before = new Map(await Promise.all(outcomes.map(async (outcome) => [outcome, await exchangeCount(platform.url, outcome)] as const)));
    const { accessToken } = await signIn(identity().url, alice.email);

    // When one request of each outcome is made
    await exchangeFor(accessToken, acme);
    await exchangeFor(`${accessToken}x`, acme);
    await exchangeFor(accessToken, globex);
    await exchange(platform.url, gateway, { grant_type: tokenExchangeGrant });
    await exchange(platform.url, gateway, { grant_type: 'client_credentials' });
    await exchange(platform.url, undefined, exchangeForm(accessToken, acme));

    // Then each counter went up by one, and the duration histogram saw them
    for (const outcome of outcomes) {
      expect(await exchangeCount(platform.url, outcome), outcome).to.equal((before.get(outcome) ?? 0) + 1);
    }
    const metrics = await (await fetch(`${platform.url}/metrics`)).text();
    expect(metrics).to.match(/^tenantry_token_exchange_duration_seconds_count\{[^}]*outcome="issued"[^}]*\} [1-9]/m);
  });
});
