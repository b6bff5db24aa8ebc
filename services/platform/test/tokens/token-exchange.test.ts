// The exchange service without HTTP: the real verifier against the in-test issuer, the real issuer and keys,
// and the policy side recorded in memory — what it records, in which order, and how refusals map.
import { expect } from 'chai';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { createExternalTokenVerifier } from '@tenantry/runtime';
import type { SeenUser } from '../../src/policy/membership-service.js';
import type { Resolution } from '../../src/policy/resolution-cache.js';
import { createKeyStore, memoryKeySource } from '../../src/tokens/key-store.js';
import { generateSigningKey, type SigningKey } from '../../src/tokens/signing-keys.js';
import { OAuthError } from '../../src/tokens/token-errors.js';
import { createTokenExchange, type TokenExchange } from '../../src/tokens/token-exchange.js';
import { createTokenIssuer } from '../../src/tokens/token-issuer.js';
import { startTestIssuer, type TestIssuer } from '../support/test-issuer.js';
import { quietLogger } from '@tenantry/harness';

const client = { clientId: 'gateway' };

describe('token exchange service', function () {
  let issuer: TestIssuer;
  let key: SigningKey;
  let events: string[];
  let recorded: SeenUser[];

  const exchangeWith = (verifierIssuer: string): TokenExchange => createTokenExchange({
    verifier: createExternalTokenVerifier({ issuer: verifierIssuer, clientIds: [issuer.clientId], timeoutMs: 1_000 }),
    memberships: {
      recordUser: (user) => {
        events.push('record');
        recorded.push(user);
        return Promise.resolve();
      },
    },
    policy: {
      resolve: (user, tenant): Promise<Resolution> => {
        events.push('resolve');
        const member = recorded.some((seen) => seen.userId === user && seen.emailVerified);
        return Promise.resolve({ user, tenant, roles: member ? ['viewer'] : [], permissions: member ? ['entries:read'] : [], grantedBy: {} });
      },
    },
    tenantExists: (tenant) => Promise.resolve(tenant === 'acme'),
    issuer: createTokenIssuer({ keys: createKeyStore({ source: memoryKeySource([key]), maxTokenLifetimeMs: 300_000, logger: quietLogger() }), issuer: 'https://platform.test', ttlSeconds: 300 }),
    defaultAudience: 'tenantry-backend',
    audiences: ['tenantry-backend'],
    logger: quietLogger(),
  });

  before(async () => {
    issuer = await startTestIssuer();
    key = await generateSigningKey();
  });

  beforeEach(() => {
    events = [];
    recorded = [];
  });

  after(async () => {
    await issuer?.stop();
  });

  it('records the user with a verified e-mail before resolving, and names that e-mail in the token', async () => {
    const token = await issuer.token({ sub: 'sub-carol', email: 'carol@acme.example', emailVerified: true });

    const { accessToken } = await exchangeWith(issuer.issuer).exchange(client, { subjectToken: token, tenant: 'acme' });

    expect(events).to.deep.equal(['record', 'resolve']);
    expect(recorded).to.deep.equal([{ userId: 'sub-carol', email: 'carol@acme.example', emailVerified: true }]);
    const { payload } = await jwtVerify(accessToken, createLocalJWKSet({ keys: [key.publicJwk] }), { issuer: 'https://platform.test' });
    expect(payload).to.include({ email: 'carol@acme.example', sub: 'sub-carol', tenant: 'acme' });
  });

  it('records a user whose access token has no e-mail (Cognito) without one, and binds nothing', async () => {
    const token = await issuer.token({ sub: 'sub-dave' });

    const refusal = await exchangeWith(issuer.issuer).exchange(client, { subjectToken: token, tenant: 'acme' }).catch((error: unknown) => error);

    expect(recorded).to.deep.equal([{ userId: 'sub-dave', emailVerified: false }]);
    expect(refusal).to.be.instanceOf(OAuthError).and.to.include({ error: 'invalid_target', reason: 'no membership in tenant acme' });
  });

  it('checks the audience before the token, and the tenant before the membership', async () => {
    const token = await issuer.token({ sub: 'sub-erin', email: 'erin@acme.example' });
    const service = exchangeWith(issuer.issuer);

    const audience = await service.exchange(client, { subjectToken: 'not-a-token', tenant: 'acme', audience: 'billing' }).catch((error: unknown) => error);
    const unknown = await service.exchange(client, { subjectToken: token, tenant: 'initech' }).catch((error: unknown) => error);

    expect(audience).to.include({ error: 'invalid_target', message: 'tokens for the audience billing are not issued here' });
    expect(unknown).to.include({ error: 'invalid_target', message: 'the user may not have a token for tenant initech', reason: 'tenant initech does not exist' });
    expect(events).to.deep.equal(['record']);
  });

  it('answers temporarily_unavailable with Retry-After when the identity provider cannot be reached', async () => {
    const token = await issuer.token({ sub: 'sub-frank' });

    const refusal = await exchangeWith('http://127.0.0.1:9').exchange(client, { subjectToken: token, tenant: 'acme' }).catch((error: unknown) => error);

    expect(refusal).to.be.instanceOf(OAuthError).and.to.include({ error: 'temporarily_unavailable', status: 503 });
    expect((refusal as OAuthError).headers).to.deep.equal({ 'Retry-After': '5' });
    expect(events).to.deep.equal([]);
  });
});
