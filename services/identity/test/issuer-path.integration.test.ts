// An issuer URL with a path (as a Cognito pool's) moves every endpoint under it, with the provider in-process.
import { expect } from 'chai';
import { discover, freePort, requestToken, TokenVerifier } from '@tenantry/harness';
import { CLI_CLIENT_ID, DEV_CLIENT_SECRETS, demoUsers, type RunningIdentityProvider } from '../src/index.js';
import { startInProcessProvider } from './support/in-process-provider.js';

const alice = demoUsers.find((user) => user.email === 'alice@acme.example')!;

describe('issuer with a path (integration, in-process provider)', function () {
  let identity: RunningIdentityProvider;

  before(async function () {
    const port = await freePort();
    identity = await startInProcessProvider({ port, issuer: `http://127.0.0.1:${port}/us-east-1_local` });
  });

  after(async function () {
    await identity?.close();
  });

  it('serves discovery and the endpoints under the issuer path, and signs tokens with that issuer', async function () {
    const discovery = await discover(identity.issuer);
    expect(discovery.issuer).to.equal(identity.issuer);
    expect(discovery.token_endpoint).to.equal(`${identity.issuer}/token`);
    expect(discovery.jwks_uri).to.equal(`${identity.issuer}/jwks`);
    const { body } = await requestToken(discovery.token_endpoint, { clientId: CLI_CLIENT_ID, clientSecret: DEV_CLIENT_SECRETS[CLI_CLIENT_ID] }, {
      grant_type: 'password', username: alice.email, password: alice.password,
    });
    const { payload } = await new TokenVerifier(discovery).verify(body.access_token!);
    expect(payload.iss).to.equal(identity.issuer);
  });

  it('serves nothing of the provider at the bare origin', async function () {
    expect((await fetch(`${identity.url}/.well-known/openid-configuration`)).status).to.equal(404);
    expect((await fetch(`${identity.url}/healthz`)).status).to.equal(200);
  });
});
