// GET /v1/me/tenants as a real process: the caller's tenants with their roles, memberships by e-mail bound through
// the ID token first (Cognito access tokens carry no e-mail), and the platform admin flag.
import { expect } from 'chai';
import {
  call, createTenant, createTestDatabase, deleteTenant, type Environment, eventually, installCrds, newServiceToken,
  type NodeService, sharedEnvironment, startPlatform, type TestDatabase, uniqueTenantName,
} from '@tenantry/harness';
import { myTenantsSchema } from '../../src/tenants/tenant-schemas.js';
import { startTestIssuer, type TestIssuer } from '../support/test-issuer.js';

describe('my tenants API (integration)', function () {
  this.timeout(90_000);
  let env: Environment;
  let issuer: TestIssuer;
  let database: TestDatabase;
  let platform: NodeService;
  const owned = uniqueTenantName('mine');
  const other = uniqueTenantName('theirs');

  const mine = async (accessToken: string, idToken?: string) => {
    const response = await fetch(`${platform.url}/v1/me/tenants`, {
      headers: { authorization: `Bearer ${accessToken}`, ...(idToken === undefined ? {} : { 'x-id-token': idToken }) },
    });
    return { status: response.status, body: await response.json() as Record<string, unknown> };
  };

  before(async () => {
    env = await sharedEnvironment();
    await installCrds(env);
    // No operator: the tenants only need to exist (phase Pending) for memberships to refer to them.
    await createTenant(env, owned, { admins: ['Owner@Example.com'], displayName: 'Owned by the owner' });
    await createTenant(env, other);
    issuer = await startTestIssuer();
    database = await createTestDatabase(env);
    platform = await startPlatform(env, { issuer, databaseUrl: database.url, serviceToken: newServiceToken() });
  });

  after(async () => {
    await platform?.stop();
    await issuer?.stop();
    await database?.drop();
    await Promise.all([owned, other].map((name) => deleteTenant(env, name).catch(() => undefined)));
  });

  it('binds a spec.admins membership through the ID token, then lists that tenant with its roles and permissions', async () => {
    // Given an access token without e-mail, as Cognito issues them, the pending membership cannot be bound yet
    const access = await issuer.token({ sub: 'sub-owner' });
    await eventually('the spec.admins membership exists', async () =>
      ((await call(platform.url, 'GET', `/v1/policy/tenants/${owned}/memberships`, { token: await issuer.token({ sub: 'a', groups: ['platform-admins'] }) }))
        .body['items'] as unknown[] | undefined)?.length === 1);
    const without = await mine(access);
    expect(without.status, JSON.stringify(without.body)).to.equal(200);
    expect(myTenantsSchema.parse(without.body)).to.deep.equal({ user: { subject: 'sub-owner', platformAdmin: false }, items: [] });

    // When the ID token with the verified e-mail comes along
    const idToken = await issuer.token({ sub: 'sub-owner', tokenUse: 'id', audience: issuer.clientId, email: 'owner@example.com' });
    const withId = await mine(access, idToken);

    // Then the membership is bound and the tenant listed, and it stays so without the ID token
    expect(withId.status, JSON.stringify(withId.body)).to.equal(200);
    const expected = {
      user: { subject: 'sub-owner', email: 'owner@example.com', platformAdmin: false },
      items: [{ name: owned, displayName: 'Owned by the owner', phase: 'Pending', suspended: false, roles: ['tenant-admin'], permissions: ['entries:read', 'entries:write', 'members:manage'] }],
    };
    expect(myTenantsSchema.parse(withId.body)).to.deep.equal(expected);
    expect(myTenantsSchema.parse((await mine(access)).body).items).to.deep.equal(expected.items);
  });

  it('says who is a platform admin, without making them a member of any tenant', async () => {
    const admin = await mine(await issuer.token({ sub: 'sub-root', groups: ['platform-admins'] }));

    expect(myTenantsSchema.parse(admin.body)).to.deep.equal({ user: { subject: 'sub-root', platformAdmin: true }, items: [] });
  });

  it('refuses an ID token about someone else, naming the header, and answers 401 without an access token', async () => {
    const access = await issuer.token({ sub: 'sub-owner' });
    const foreign = await issuer.token({ sub: 'sub-other', tokenUse: 'id', audience: issuer.clientId, email: 'owner@example.com' });

    const refused = await mine(access, foreign);
    expect(refused.status).to.equal(400);
    expect(refused.body).to.include({ code: 'INVALID_ID_TOKEN' });
    expect(refused.body['errors']).to.deep.equal([{ field: 'X-Id-Token', message: 'the ID token is about another user than the access token' }]);

    expect((await fetch(`${platform.url}/v1/me/tenants`)).status).to.equal(401);
  });
});
