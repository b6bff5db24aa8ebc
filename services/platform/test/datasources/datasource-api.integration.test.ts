// The internal datasource endpoint as a real process, with the real operator: credentials that connect,
// and the refusals — no service credential, unknown, suspended, being deleted, still provisioning.
import { expect } from 'chai';
import pg from 'pg';
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import {
  call, createTenant, createTestDatabase, customObjects, deleteTenant, ensureDatabaseServer, eventually, harnessServer, newServiceToken,
  patchTenantSpec, readTenant, sharedEnvironment, startOperator, startPlatform, uniqueTenantName, waitForReady, type Environment,
  type NodeService, type OperatorProcess, type TestDatabase,
} from '@tenantry/harness';
import { authenticatorRoleName, datasourceSchema } from '@tenantry/runtime';
import { startTestIssuer, type TestIssuer } from '../support/test-issuer.js';

describe('datasource endpoint (integration)', function () {
  this.timeout(120_000);
  let env: Environment;
  let issuer: TestIssuer;
  let database: TestDatabase;
  let operator: OperatorProcess;
  let platform: NodeService;
  const serviceToken = newServiceToken();
  let readyTenant: string;

  const datasource = (tenant: string, token: string | null = serviceToken) =>
    call(platform.url, 'GET', `/internal/v1/tenants/${tenant}/datasource`, token === null ? {} : { token });

  before(async () => {
    env = await sharedEnvironment();
    await ensureDatabaseServer(env);
    issuer = await startTestIssuer();
    database = await createTestDatabase(env);
    operator = await startOperator(env);
    platform = await startPlatform(env, { issuer, databaseUrl: database.url, serviceToken });
    readyTenant = uniqueTenantName('ds');
    await createTenant(env, readyTenant, { tier: 'silo' });
    await waitForReady(env, readyTenant);
  });

  after(async () => {
    await platform?.stop();
    await operator?.stop();
    await issuer?.stop();
    await database?.drop();
  });

  it('hands a Ready tenant\'s credentials to a service, and they connect to its storage', async () => {
    const response = await datasource(readyTenant);

    expect(response.status, JSON.stringify(response.body)).to.equal(200);
    expect(response.headers.get('cache-control')).to.equal('no-store');
    const credentials = datasourceSchema.parse(response.body);
    expect(credentials).to.include({ tenant: readyTenant, sslMode: 'disable', schema: `tenant_${readyTenant.replaceAll('-', '_')}` });
    const client = new pg.Client({
      host: credentials.host, port: credentials.port, database: credentials.database, user: credentials.username, password: credentials.password,
    });
    await client.connect();
    try {
      const { rows } = await client.query<{ schema: string; entries: number }>('SELECT current_schema() AS schema, count(*)::int AS entries FROM entries');
      expect(rows).to.deep.equal([{ schema: credentials.schema, entries: 0 }]);
    } finally {
      await client.end();
    }
  });

  it('names the tenant\'s server and role and the server\'s authenticator login, which reaches the storage only through the role', async () => {
    const credentials = datasourceSchema.parse((await datasource(readyTenant)).body);

    expect(credentials).to.include({ server: harnessServer, role: credentials.username });
    expect(credentials.authenticator.username).to.equal(authenticatorRoleName(harnessServer));
    const client = new pg.Client({
      host: credentials.host, port: credentials.port, database: credentials.database,
      user: credentials.authenticator.username, password: credentials.authenticator.password,
    });
    await client.connect();
    try {
      await client.query(`BEGIN; SET LOCAL ROLE ${pg.escapeIdentifier(credentials.role)}; SET LOCAL search_path TO ${pg.escapeIdentifier(credentials.schema)}`);
      const { rows } = await client.query<{ role: string; entries: number }>('SELECT current_user AS role, count(*)::int AS entries FROM entries');
      expect(rows).to.deep.equal([{ role: credentials.role, entries: 0 }]);
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
  });

  it('answers 401 with a Bearer challenge without a credential, with a wrong one, and with a user token', async () => {
    const adminToken = await issuer.token({ sub: 'sub-admin', groups: ['platform-admins'] });
    for (const [label, token] of [['none', null], ['wrong', newServiceToken()], ['user JWT', adminToken]] as const) {
      const response = await datasource(readyTenant, token);
      expect(response.status, label).to.equal(401);
      expect(response.headers.get('www-authenticate'), label).to.match(/^Bearer realm="tenantry"/);
      expect(response.body, label).to.not.have.property('password');
    }
  });

  it('answers 404 for an unknown tenant', async () => {
    const response = await datasource('no-such-tenant');
    expect(response.status).to.equal(404);
    expect(response.body).to.include({ code: 'TENANT_NOT_FOUND' });
  });

  it('answers 409 while the tenant is suspended, and serves it again once resumed', async () => {
    await patchTenantSpec(env, readyTenant, { suspended: true });
    try {
      const response = await datasource(readyTenant);
      expect(response.status).to.equal(409);
      expect(response.body).to.include({ code: 'TENANT_SUSPENDED' });
      expect(response.body['detail']).to.match(/is suspended/);
    } finally {
      await patchTenantSpec(env, readyTenant, { suspended: false });
    }
    await eventually('the resumed tenant is served again', async () => (await datasource(readyTenant)).status === 200, { timeoutMs: 30_000 });
  });

  it('answers 503 with Retry-After while the tenant cannot become Ready yet', async () => {
    const name = uniqueTenantName('nr');
    await createTenant(env, name, { databaseServer: 'no-such-server' });
    try {
      const response = await datasource(name);
      expect(response.status).to.equal(503);
      expect(Number(response.headers.get('retry-after'))).to.be.greaterThan(0);
      expect(response.body).to.include({ code: 'TENANT_NOT_READY' });
      expect(response.body['detail']).to.match(new RegExp(`^Tenant ${name} is not ready yet \\(phase `));
    } finally {
      await deleteTenant(env, name);
    }
  });

  it('answers 409 while the tenant is being deleted', async () => {
    const name = uniqueTenantName('del');
    await createTenant(env, name);
    await waitForReady(env, name);
    const objects = customObjects(env.kubeConfig());
    const coordinates = { group: 'tenantry.dev', version: 'v1alpha1', plural: 'tenants', name };
    const hold = (finalizers: string[]) => objects.patchClusterCustomObject(
      { ...coordinates, body: { metadata: { finalizers } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    // A finalizer of the test's own keeps the Tenant in its Deleting state for as long as the test needs.
    const current = (await readTenant(env, name))?.metadata.finalizers ?? [];
    await hold([...current, 'test.tenantry.dev/hold']);
    await deleteTenant(env, name);
    try {
      const response = await datasource(name);
      expect(response.status).to.equal(409);
      expect(response.body).to.include({ code: 'TENANT_DELETING' });
    } finally {
      // Remove only our finalizer, guarded by a test op: a merge patch of a list read earlier could
      // put back the operator's finalizer after the operator removed it.
      // The operator may remove its own finalizer meanwhile (the test op then fails): read again and retry.
      await eventually('the test finalizer is removed', async () => {
        const index = (await readTenant(env, name))?.metadata.finalizers?.indexOf('test.tenantry.dev/hold') ?? -1;
        if (index < 0) return true;
        await objects.patchClusterCustomObject({ ...coordinates, body: [
          { op: 'test', path: `/metadata/finalizers/${index}`, value: 'test.tenantry.dev/hold' },
          { op: 'remove', path: `/metadata/finalizers/${index}` },
        ] }, setHeaderOptions('Content-Type', PatchStrategy.JsonPatch));
        return false;
      });
    }
  });
});
