// Access token lifetime (IDENTITY_ACCESS_TOKEN_TTL), with the provider started in-process by its factory.
import { expect } from 'chai';
import { errors as joseErrors } from 'jose';
import { discover, eventually, requestToken, TokenVerifier, type Discovery } from '@tenantry/harness';
import {
  CLI_CLIENT_ID, DEV_CLIENT_SECRETS, SERVICES_CLIENT_ID, SERVICES_SCOPE, demoUsers, type RunningIdentityProvider,
} from '../src/index.js';
import { startInProcessProvider } from './support/in-process-provider.js';

const cli = { clientId: CLI_CLIENT_ID, clientSecret: DEV_CLIENT_SECRETS[CLI_CLIENT_ID] };
const services = { clientId: SERVICES_CLIENT_ID, clientSecret: DEV_CLIENT_SECRETS[SERVICES_CLIENT_ID] };
const alice = demoUsers.find((user) => user.email === 'alice@acme.example')!;

describe('token expiry (integration, in-process provider with a 2-second lifetime)', function () {
  let identity: RunningIdentityProvider;
  let discovery: Discovery;

  before(async function () {
    identity = await startInProcessProvider({ accessTokenTtlSeconds: 2 });
    discovery = await discover(identity.url);
  });

  after(async function () {
    await identity?.close();
  });

  it('issues access tokens that verify until exp and are refused as expired once exp has passed', async function () {
    // Given a fresh access token with a 2-second lifetime
    const verifier = new TokenVerifier(discovery);
    const { body } = await requestToken(discovery.token_endpoint, cli, {
      grant_type: 'password', username: alice.email, password: alice.password, scope: 'openid',
    });
    expect(body.expires_in).to.equal(2);
    const { payload } = await verifier.verify(body.access_token!);
    expect(payload.exp! - payload.iat!).to.equal(2);

    // When its exp passes (the deadline is computed from exp, plus one second of slack)
    const expiresAtMs = payload.exp! * 1000;
    const refusal = await eventually('the access token is refused as expired', async () => {
      try {
        await verifier.verify(body.access_token!);
        return false;
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) return { error, atMs: Date.now() };
        throw error;
      }
    }, { timeoutMs: Math.max(0, expiresAtMs - Date.now()) + 1000, intervalMs: 100 });

    // Then it is refused for its exp claim, and never before exp
    expect(refusal.error.claim).to.equal('exp');
    expect(refusal.atMs).to.be.at.least(expiresAtMs);
  });

  it('gives ID tokens and client credentials tokens the same lifetime', async function () {
    const user = await requestToken(discovery.token_endpoint, cli, {
      grant_type: 'password', username: alice.email, password: alice.password, scope: 'openid',
    });
    const { payload } = await new TokenVerifier(discovery).verify(user.body.id_token!);
    expect(payload.exp! - payload.iat!).to.equal(2);
    const service = await requestToken(discovery.token_endpoint, services, { grant_type: 'client_credentials', scope: SERVICES_SCOPE });
    expect(service.body.expires_in).to.equal(2);
  });
});
