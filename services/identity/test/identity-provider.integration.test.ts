// The identity provider as a real process: discovery, JWKS, password and client credentials grants, errors.
import { expect } from 'chai';
import { errors as joseErrors } from 'jose';
import {
  CLI_CLIENT_ID, DEFAULT_API_AUDIENCE, DEV_CLIENT_SECRETS, SERVICES_CLIENT_ID, SERVICES_SCOPE, demoUsers,
} from '../src/index.js';
import { decodeProtectedHeader, discover, requestToken, TokenVerifier, useIdentityProcess, type Discovery } from '@tenantry/harness';

const cli = { clientId: CLI_CLIENT_ID, clientSecret: DEV_CLIENT_SECRETS[CLI_CLIENT_ID] };
const services = { clientId: SERVICES_CLIENT_ID, clientSecret: DEV_CLIENT_SECRETS[SERVICES_CLIENT_ID] };

function demoUser(email: string) {
  const user = demoUsers.find((candidate) => candidate.email === email);
  if (user === undefined) throw new Error(`no demo user ${email}`);
  return user;
}

describe('identity provider (integration, real process)', function () {
  const identityProcess = useIdentityProcess();
  let identity: { url: string };
  let discovery: Discovery;
  let verifier: TokenVerifier;

  before(async function () {
    identity = identityProcess();
    discovery = await discover(identity.url);
    verifier = new TokenVerifier(discovery);
  });

  const passwordGrant = (username: string, password: string, extra: Record<string, string> = {}) =>
    requestToken(discovery.token_endpoint, cli, { grant_type: 'password', username, password, scope: 'openid email profile', ...extra });

  describe('discovery', function () {
    it('serves a discovery document whose issuer is the URL the provider is reached at', function () {
      expect(discovery.issuer).to.equal(identity.url);
      expect(discovery.token_endpoint).to.equal(`${identity.url}/token`);
      expect(discovery).to.include.keys('authorization_endpoint', 'jwks_uri', 'end_session_endpoint');
      expect(discovery['grant_types_supported']).to.include.members(['authorization_code', 'password', 'client_credentials', 'refresh_token']);
      expect(discovery['response_types_supported']).to.deep.equal(['code']);
      expect(discovery['code_challenge_methods_supported']).to.deep.equal(['S256']);
      expect(discovery['id_token_signing_alg_values_supported']).to.include('RS256');
    });

    it('serves the public signing keys at the advertised jwks_uri, without private parts', async function () {
      const response = await fetch(discovery.jwks_uri);
      expect(response.status).to.equal(200);
      const { keys } = (await response.json()) as { keys: Record<string, unknown>[] };
      expect(keys).to.have.length.greaterThan(0);
      for (const key of keys) {
        expect(key).to.include({ kty: 'RSA', use: 'sig', alg: 'RS256' });
        expect(key['kid']).to.be.a('string');
        expect(key).to.not.have.any.keys('d', 'p', 'q', 'dp', 'dq', 'qi');
      }
    });

    it('answers the probes and exposes Prometheus metrics', async function () {
      expect((await fetch(`${identity.url}/healthz`)).status).to.equal(200);
      expect((await fetch(`${identity.url}/readyz`)).status).to.equal(200);
      const metrics = await (await fetch(`${identity.url}/metrics`)).text();
      expect(metrics).to.include('http_request_duration_seconds');
      expect(metrics).to.include('tenantry_identity_token_requests_total');
    });
  });

  describe('password grant (tenantry-cli)', function () {
    it('issues an RS256 access token shaped like a Cognito access token', async function () {
      const alice = demoUser('alice@acme.example');
      const { status, body } = await passwordGrant(alice.email, alice.password);
      expect(status, JSON.stringify(body)).to.equal(200);
      expect(body).to.include({ token_type: 'Bearer', expires_in: 3600, scope: 'openid email profile' });

      const { payload, protectedHeader } = await verifier.verify(body.access_token!, { audience: DEFAULT_API_AUDIENCE });
      expect(protectedHeader.alg).to.equal('RS256');
      expect(protectedHeader.kid).to.be.a('string').and.not.empty;
      expect(payload).to.include({
        iss: identity.url,
        sub: alice.sub,
        client_id: CLI_CLIENT_ID,
        token_use: 'access',
        scope: 'openid email profile',
        // An e-mail sign-in Cognito pool's username is the user's UUID, never the e-mail address.
        username: alice.sub,
      });
      expect(payload['cognito:groups']).to.deep.equal(['tenant-admins']);
      expect(payload).to.include.keys('auth_time', 'iat', 'exp', 'jti');
      expect(payload.exp! - payload.iat!).to.equal(3600);
      // Cognito keeps e-mail and custom attributes out of access tokens; so do we.
      expect(payload).to.not.have.any.keys('email', 'custom:tenant_id');
    });

    it('issues an ID token with the user attributes, for the client as audience', async function () {
      const alice = demoUser('alice@acme.example');
      const { body } = await passwordGrant(alice.email, alice.password);
      const { payload, protectedHeader } = await verifier.verify(body.id_token!, { audience: CLI_CLIENT_ID });
      expect(protectedHeader).to.include({ alg: 'RS256' });
      expect(payload).to.include({
        sub: alice.sub,
        aud: CLI_CLIENT_ID,
        token_use: 'id',
        email: alice.email,
        email_verified: true,
        'custom:tenant_id': 'acme',
        'cognito:username': alice.sub,
        name: alice.name,
      });
      expect(payload['cognito:groups']).to.deep.equal(['tenant-admins']);
      expect(payload['auth_time']).to.be.a('number');
    });

    it('gives platform admins their group, and leaves cognito:groups and custom:tenant_id out for a user without them', async function () {
      const admin = demoUser('admin@tenantry.dev');
      const adminTokens = (await passwordGrant(admin.email, admin.password)).body;
      const adminAccess = (await verifier.verify(adminTokens.access_token!)).payload;
      expect(adminAccess['cognito:groups']).to.deep.equal(['platform-admins']);
      expect((await verifier.verify(adminTokens.id_token!)).payload).to.not.have.property('custom:tenant_id');

      const mallory = demoUser('mallory@example.com');
      const malloryTokens = (await passwordGrant(mallory.email, mallory.password)).body;
      expect((await verifier.verify(malloryTokens.access_token!)).payload).to.not.have.property('cognito:groups');
      expect((await verifier.verify(malloryTokens.id_token!)).payload).to.not.have.any.keys('cognito:groups', 'custom:tenant_id');
    });

    it('accepts the e-mail address in any letter case', async function () {
      const hank = demoUser('hank@globex.example');
      const { status, body } = await passwordGrant(hank.email.toUpperCase(), hank.password);
      expect(status).to.equal(200);
      expect((await verifier.verify(body.id_token!)).payload['custom:tenant_id']).to.equal('globex');
    });

    it('refuses a wrong password and an unknown user alike with invalid_grant', async function () {
      const alice = demoUser('alice@acme.example');
      const wrongPassword = await passwordGrant(alice.email, `${alice.password}x`);
      const unknownUser = await passwordGrant('nobody@acme.example', alice.password);
      for (const { status, body } of [wrongPassword, unknownUser]) {
        expect(status).to.equal(400);
        expect(body.error).to.equal('invalid_grant');
        expect(body).to.not.have.property('access_token');
      }
      expect(unknownUser.body.error_description).to.equal(wrongPassword.body.error_description);
    });

    it('refuses an unknown client and a wrong client secret with invalid_client', async function () {
      const alice = demoUser('alice@acme.example');
      const parameters = { grant_type: 'password', username: alice.email, password: alice.password };
      const unknown = await requestToken(discovery.token_endpoint, { clientId: 'intruder', clientSecret: 'some-long-secret-value' }, parameters);
      const wrongSecret = await requestToken(discovery.token_endpoint, { ...cli, clientSecret: 'not-the-cli-secret' }, parameters);
      for (const { status, body } of [unknown, wrongSecret]) {
        expect(status).to.equal(401);
        expect(body.error).to.equal('invalid_client');
      }
    });

    it('refuses a scope the client may not ask for', async function () {
      const alice = demoUser('alice@acme.example');
      const { status, body } = await passwordGrant(alice.email, alice.password, { scope: `openid ${SERVICES_SCOPE}` });
      expect(status).to.equal(400);
      expect(body.error).to.equal('invalid_scope');
    });

    it('refuses the password grant to a client not registered for it', async function () {
      const alice = demoUser('alice@acme.example');
      const { body } = await requestToken(discovery.token_endpoint, services, { grant_type: 'password', username: alice.email, password: alice.password });
      expect(body.error).to.equal('invalid_request');
    });
  });

  describe('client credentials grant (tenantry-services)', function () {
    it('issues a service access token without a user: token_use access, client_id, the custom scope', async function () {
      const { status, body } = await requestToken(discovery.token_endpoint, services, { grant_type: 'client_credentials', scope: SERVICES_SCOPE });
      expect(status, JSON.stringify(body)).to.equal(200);
      expect(body).to.not.have.property('id_token');
      expect(decodeProtectedHeader(body.access_token!)).to.include({ alg: 'RS256' });
      const { payload } = await verifier.verify(body.access_token!, { audience: DEFAULT_API_AUDIENCE });
      expect(payload).to.include({ token_use: 'access', client_id: SERVICES_CLIENT_ID, sub: SERVICES_CLIENT_ID, scope: SERVICES_SCOPE });
      expect(payload).to.not.have.any.keys('username', 'cognito:groups', 'email');
    });

    it('refuses a wrong client secret', async function () {
      const { status, body } = await requestToken(discovery.token_endpoint, { ...services, clientSecret: 'wrong-secret-value' }, { grant_type: 'client_credentials' });
      expect(status).to.equal(401);
      expect(body.error).to.equal('invalid_client');
    });
  });

  it('issues really signed tokens: a tampered signature does not verify', async function () {
    const alice = demoUser('alice@acme.example');
    const { body } = await passwordGrant(alice.email, alice.password);
    const [header, payload] = body.access_token!.split('.');
    const tampered = `${header}.${payload}.${Buffer.from('not a signature').toString('base64url')}`;
    let failure: unknown;
    await verifier.verify(tampered).catch((error: unknown) => (failure = error));
    expect(failure).to.be.instanceOf(joseErrors.JWSSignatureVerificationFailed);
  });
});
