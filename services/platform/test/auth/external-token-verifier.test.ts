// The external token verifier against a real issuer over HTTP: Cognito's access-token rules, keys, expiry, audience.
import { expect } from 'chai';
import {
  IssuerUnavailableError, TokenRejectedError, createExternalTokenVerifier, type ExternalTokenVerifier,
} from '@tenantry/runtime';
import { startTestIssuer, type TestIssuer } from '../support/test-issuer.js';

async function rejection(verifier: ExternalTokenVerifier, token: string): Promise<Error> {
  try {
    await verifier.verify(token);
  } catch (error) {
    return error as Error;
  }
  throw new Error('the token was accepted');
}

describe('external token verifier', () => {
  let issuer: TestIssuer;
  let verifier: ExternalTokenVerifier;

  before(async () => {
    issuer = await startTestIssuer();
    verifier = createExternalTokenVerifier({ issuer: issuer.issuer, clientIds: ['someone-else', issuer.clientId] });
  });

  after(async () => {
    await issuer?.stop();
  });

  it('accepts a Cognito access token and reads who it speaks for', async () => {
    const token = await issuer.token({ sub: 'user-1', groups: ['platform-admins'], email: 'ada@example.com' });

    const principal = await verifier.verify(token);

    expect(principal).to.deep.include({
      subject: 'user-1', clientId: issuer.clientId, username: 'user-1', email: 'ada@example.com', emailVerified: true,
    });
    expect(principal.groups).to.deep.equal(['platform-admins']);
    expect(principal.scopes).to.deep.equal(['openid', 'email']);
  });

  it('refuses an ID token: only access tokens authorise API calls', async () => {
    const error = await rejection(verifier, await issuer.token({ sub: 'user-1', tokenUse: 'id' }));
    expect(error).to.be.instanceOf(TokenRejectedError);
    expect(error.message).to.match(/not an access token/);
  });

  it('refuses a token issued to a client not on the list', async () => {
    const error = await rejection(verifier, await issuer.token({ sub: 'user-1', clientId: 'intruder' }));
    expect(error).to.be.instanceOf(TokenRejectedError);
    expect(error.message).to.match(/client this service does not accept/);
  });

  it('refuses a token signed by an unknown key', async () => {
    const error = await rejection(verifier, await issuer.tokenFromUnknownKey({ sub: 'user-1' }));
    expect(error).to.be.instanceOf(TokenRejectedError);
    expect(error.message).to.match(/unknown key/);
  });

  it('refuses an expired token', async () => {
    const error = await rejection(verifier, await issuer.token({ sub: 'user-1', expiresIn: -120 }));
    expect(error).to.be.instanceOf(TokenRejectedError);
    expect(error.message).to.match(/expired/);
  });

  it('refuses a token naming another issuer', async () => {
    const error = await rejection(verifier, await issuer.token({ sub: 'user-1', issuer: 'https://cognito-idp.example/other' }));
    expect(error).to.be.instanceOf(TokenRejectedError);
    expect(error.message).to.match(/iss/);
  });

  it('refuses something that is not a JWT at all', async () => {
    const error = await rejection(verifier, 'not-a-jwt');
    expect(error).to.be.instanceOf(TokenRejectedError);
    expect(error.message).to.match(/malformed/);
  });

  it('checks the audience only when one is configured', async () => {
    const withAudience = createExternalTokenVerifier({ issuer: issuer.issuer, clientIds: [issuer.clientId], audience: 'tenantry' });

    expect((await verifier.verify(await issuer.token({ sub: 'u', audience: 'anything' }))).subject).to.equal('u');
    expect((await withAudience.verify(await issuer.token({ sub: 'u', audience: 'tenantry' }))).subject).to.equal('u');
    const error = await rejection(withAudience, await issuer.token({ sub: 'u' }));
    expect(error).to.be.instanceOf(TokenRejectedError);
    expect(error.message).to.match(/aud/);
  });

  it('reports an unreachable issuer as unavailable, not as a bad token', async () => {
    const gone = await startTestIssuer();
    const token = await gone.token({ sub: 'u' });
    await gone.stop();
    const stranded = createExternalTokenVerifier({ issuer: gone.issuer, clientIds: [gone.clientId], timeoutMs: 1_000 });

    const error = await rejection(stranded, token);

    expect(error).to.be.instanceOf(IssuerUnavailableError);
  });
});
