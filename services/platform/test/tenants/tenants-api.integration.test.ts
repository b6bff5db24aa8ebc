// The tenants API as a real process against the harness API server, with the real operator provisioning.
import { expect } from 'chai';
import {
  call, createTestDatabase, ensureDatabaseServer, eventually, harnessServer, newServiceToken, readTenant, sharedEnvironment,
  startOperator, startPlatform, uniqueTenantName, type ApiResponse, type Environment, type NodeService, type OperatorProcess,
  type TestDatabase,
} from '@tenantry/harness';
import { tenantDetailSchema, tenantListSchema, type TenantDetail } from '../../src/tenants/tenant-schemas.js';
import { startTestIssuer, type TestIssuer } from '../support/test-issuer.js';

describe('tenants API (integration)', function () {
  this.timeout(120_000);
  let env: Environment;
  let issuer: TestIssuer;
  let database: TestDatabase;
  let operator: OperatorProcess;
  let platform: NodeService;
  let adminToken: string;
  let userToken: string;

  const api = (method: string, path: string, options: { token?: string; body?: unknown } = { token: adminToken }) =>
    call(platform.url, method, path, options);
  const readDetail = async (name: string): Promise<TenantDetail> => {
    const response = await api('GET', `/v1/tenants/${name}`);
    expect(response.status, JSON.stringify(response.body)).to.equal(200);
    return tenantDetailSchema.parse(response.body);
  };

  before(async () => {
    env = await sharedEnvironment();
    await ensureDatabaseServer(env);
    issuer = await startTestIssuer();
    database = await createTestDatabase(env);
    operator = await startOperator(env);
    platform = await startPlatform(env, { issuer, databaseUrl: database.url, serviceToken: newServiceToken() });
    adminToken = await issuer.token({ sub: 'sub-platform-admin', groups: ['platform-admins'], email: 'root@example.com' });
    userToken = await issuer.token({ sub: 'sub-someone', groups: ['staff'], email: 'someone@example.com' });
  });

  after(async () => {
    await platform?.stop();
    await operator?.stop();
    await issuer?.stop();
    await database?.drop();
  });

  it('creates a tenant that the operator provisions, suspends and resumes it, and deletes it', async () => {
    const name = uniqueTenantName('api');

    const created = await api('POST', '/v1/tenants', {
      token: adminToken,
      body: { name, displayName: 'Acme via API', tier: 'pool', plan: 'enterprise', admins: ['boss@example.com'], deletionPolicy: 'Delete', databaseServer: harnessServer },
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect(created.headers.get('location')).to.equal(`/v1/tenants/${name}`);
    expect(tenantDetailSchema.parse(created.body)).to.deep.include({
      name, displayName: 'Acme via API', plan: 'enterprise', deletionPolicy: 'Delete', phase: 'Pending', ready: false,
    });

    const phases: string[] = [];
    const ready = await eventually(`GET /v1/tenants/${name} shows Ready`, async () => {
      const detail = await readDetail(name);
      if (phases.at(-1) !== detail.phase) phases.push(detail.phase);
      return detail.phase === 'Ready' && detail.ready ? detail : undefined;
    }, { timeoutMs: 60_000, intervalMs: 20 });
    expect(['Pending', 'Provisioning', 'Migrating', 'Ready']).to.include.members(phases);
    expect(ready.storage).to.include({ server: harnessServer, schema: `tenant_${name.replaceAll('-', '_')}`, secretName: `tenant-${name}-db` });
    expect(ready.storage?.database, 'the database the pool tenant lives in').to.be.a('string').and.not.equal('');
    expect(ready.conditions.map((condition) => condition.type)).to.include.members(['Ready', 'DatabaseReady', 'MigrationsApplied']);
    expect(ready.admins).to.deep.equal(['boss@example.com']);

    await eventually('the list shows the tenant Ready', async () => {
      const list = tenantListSchema.parse((await api('GET', '/v1/tenants')).body);
      return list.items.find((item) => item.name === name)?.phase === 'Ready';
    });

    const suspended = await api('POST', `/v1/tenants/${name}/suspend`);
    expect(suspended.status).to.equal(200);
    expect(suspended.body).to.include({ suspended: true });
    await eventually('the tenant reaches phase Suspended', async () => (await readDetail(name)).phase === 'Suspended', { timeoutMs: 30_000 });

    const resumed = await api('POST', `/v1/tenants/${name}/resume`);
    expect(resumed.body).to.include({ suspended: false });
    await eventually('the tenant is Ready again', async () => (await readDetail(name)).phase === 'Ready', { timeoutMs: 30_000 });

    const deleted = await api('DELETE', `/v1/tenants/${name}`);
    expect(deleted.status).to.equal(202);
    expect(deleted.body).to.include({ name, phase: 'Deleting' });
    await eventually('the Tenant resource is gone', async () => (await readTenant(env, name)) === undefined, { timeoutMs: 60_000 });
    expect((await api('GET', `/v1/tenants/${name}`)).status).to.equal(404);
    await eventually('the list no longer shows it', async () =>
      !tenantListSchema.parse((await api('GET', '/v1/tenants')).body).items.some((item) => item.name === name));
  });

  it('rotates a tenant\'s database credentials on request, pending until the operator switched the Secret', async () => {
    // given a Ready tenant with a rotation schedule
    const name = uniqueTenantName('rot');
    await api('POST', '/v1/tenants', { token: adminToken, body: { name, displayName: 'Rotated', databaseServer: harnessServer } });
    const ready = await eventually('the tenant is Ready', async () => {
      const detail = await readDetail(name);
      return detail.phase === 'Ready' ? detail : undefined;
    }, { timeoutMs: 60_000 });
    expect(ready.credentials).to.deep.include({ username: `tenant_${name.replaceAll('-', '_')}`, gracePeriod: '10m', rotationPending: false });
    // when a platform admin asks for a rotation
    const requested = await api('POST', `/v1/tenants/${name}/rotate-credentials`);
    // then it is accepted and pending, and carried out by the operator: a new login, the previous one retiring
    expect(requested.status, JSON.stringify(requested.body)).to.equal(202);
    expect(tenantDetailSchema.parse(requested.body).credentials?.rotationPending).to.equal(true);
    const rotated = await eventually('the rotation is carried out', async () => {
      const detail = await readDetail(name);
      return detail.credentials?.rotationPending === false ? detail : undefined;
    }, { timeoutMs: 30_000 });
    expect(rotated.credentials).to.deep.include({ username: `${ready.credentials?.username}$a` });
    expect(rotated.credentials?.retiring?.username).to.equal(ready.credentials?.username);
    expect(rotated.credentials?.rotatedAt).to.be.a('string');
    // and nobody but a platform admin may ask, nor for a tenant that does not exist
    expect((await api('POST', `/v1/tenants/${name}/rotate-credentials`, { token: userToken })).status).to.equal(403);
    expect((await api('POST', `/v1/tenants/${uniqueTenantName('none')}/rotate-credentials`)).status).to.equal(404);
    await api('DELETE', `/v1/tenants/${name}`);
  });

  it('makes the tenant\'s spec.admins its tenant admins', async () => {
    const name = uniqueTenantName('adm');
    await api('POST', '/v1/tenants', { token: adminToken, body: { name, displayName: 'Admins', admins: ['Owner@Example.com'], databaseServer: harnessServer } });
    const ownerToken = await issuer.token({ sub: 'sub-owner', email: 'owner@example.com' });

    const resolution = await eventually('the owner resolves as tenant-admin', async () => {
      const response = await call(platform.url, 'GET', `/v1/policy/resolve?user=sub-owner&tenant=${name}`, { token: ownerToken });
      return (response.body['roles'] as string[] | undefined)?.includes('tenant-admin') ? response.body : undefined;
    });

    expect(resolution).to.deep.equal({ user: 'sub-owner', tenant: name, roles: ['tenant-admin'], permissions: ['entries:read', 'entries:write', 'members:manage'] });
    await api('DELETE', `/v1/tenants/${name}`);
  });

  it('answers 401 with a Bearer challenge without a token, and with invalid_token for a forged one', async () => {
    const anonymous = await api('GET', '/v1/tenants', {});
    expect(anonymous.status).to.equal(401);
    expect(anonymous.headers.get('www-authenticate')).to.equal('Bearer realm="tenantry"');
    expect(anonymous.headers.get('content-type')).to.match(/^application\/problem\+json/);

    const forged = await api('GET', '/v1/tenants', { token: await issuer.tokenFromUnknownKey({ sub: 'x', groups: ['platform-admins'] }) });
    expect(forged.status).to.equal(401);
    expect(forged.headers.get('www-authenticate')).to.match(/^Bearer realm="tenantry", error="invalid_token", error_description="[^"]*unknown key/);
  });

  it('refuses users outside the platform-admins group with 403', async () => {
    const attempts = [['GET', '/v1/tenants', undefined], ['POST', '/v1/tenants', { name: 'nope', displayName: 'Nope' }], ['DELETE', '/v1/tenants/nope', undefined]] as const;
    for (const [method, path, body] of attempts) {
      const response = await api(method, path, { token: userToken, body });
      expect(response.status, `${method} ${path}`).to.equal(403);
      expect(response.body).to.include({ code: 'ACCESS_DENIED' });
    }
  });

  it('refuses a bad body with 400, naming each field', async () => {
    const response: ApiResponse = await api('POST', '/v1/tenants', { token: adminToken, body: { name: 'Bad_Name', tier: 'gold' } });

    expect(response.status).to.equal(400);
    expect(response.body).to.include({ code: 'VALIDATION_FAILED' });
    const fields = (response.body['errors'] as { field: string }[]).map((error) => error.field);
    expect(fields).to.include.members(['name', 'displayName', 'tier']);
  });

  it('answers 409 for a tenant that exists already', async () => {
    const name = uniqueTenantName('dup');
    const body = { name, displayName: 'Twice', databaseServer: harnessServer };
    expect((await api('POST', '/v1/tenants', { token: adminToken, body })).status).to.equal(201);

    const again = await api('POST', '/v1/tenants', { token: adminToken, body });

    expect(again.status).to.equal(409);
    expect(again.body).to.include({ code: 'TENANT_EXISTS' });
    expect(again.body['detail']).to.match(new RegExp(`"${name}" already exists`));
    await api('DELETE', `/v1/tenants/${name}`);
  });

  it('passes the API server\'s own validation message through, naming the field', async () => {
    const response = await api('POST', '/v1/tenants', {
      token: adminToken, body: { name: uniqueTenantName('val'), displayName: 'Refused', databaseServer: 'Not_A_DNS_Name' },
    });

    expect(response.status).to.equal(422);
    expect(response.body).to.include({ code: 'TENANT_REFUSED' });
    expect(response.body['detail']).to.match(/Kubernetes API server refused the tenant: .*spec\.databaseServer/);
    const [error] = response.body['errors'] as { field: string; message: string }[];
    expect(error?.field).to.equal('databaseServer');
    expect(error?.message).to.match(/should match/);
  });

  it('answers 404 for a tenant that does not exist', async () => {
    const response = await api('GET', '/v1/tenants/no-such-tenant');
    expect(response.status).to.equal(404);
    expect(response.body).to.include({ code: 'TENANT_NOT_FOUND', detail: 'Tenant no-such-tenant does not exist.' });
  });
});
