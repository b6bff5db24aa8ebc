// The operator against the real API server and PostgreSQL: provisioning both tiers, isolation,
// suspension, both deletion policies, and honest status when PostgreSQL goes away.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { CoreV1Api, EventsV1Api } from '@kubernetes/client-node';
import pg from 'pg';
import {
  condition, createTenant, customObjects, deleteTenant, ensureDatabaseServer, eventually, operatorNamespace, patchTenantSpec,
  readCredentials, readTenant, sharedEnvironment, startOperator, uniqueTenantName, waitForReady, waitForTenant, type Environment,
  type OperatorProcess, type TenantCredentials,
} from '@tenantry/harness';
import type { DatabaseServer } from '@tenantry/runtime';

/** Explicit fields, not the URI: node-postgres lets a connection string win over overrides. */
function clientConfig(credentials: TenantCredentials, overrides: Partial<pg.ClientConfig>): pg.ClientConfig {
  const { host, port, database, username: user, password } = credentials;
  return { host, port, database, user, password, ...overrides };
}

async function connect(credentials: TenantCredentials, overrides: Partial<pg.ClientConfig> = {}): Promise<pg.Client> {
  const client = new pg.Client(clientConfig(credentials, overrides));
  await client.connect();
  return client;
}

async function connectionError(credentials: TenantCredentials, overrides: Partial<pg.ClientConfig> = {}): Promise<string> {
  const client = new pg.Client(clientConfig(credentials, overrides));
  try {
    await client.connect();
    await client.end();
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

/** Every tenant password the operator has written to a credentials Secret so far. */
async function seenPasswords(env: Environment): Promise<string[]> {
  const secrets = await env.kubeConfig().makeApiClient(CoreV1Api).listNamespacedSecret({
    namespace: 'tenantry-system', labelSelector: 'app.kubernetes.io/managed-by=tenantry-operator',
  });
  return secrets.items.map((secret) => Buffer.from(secret.data?.['password'] ?? '', 'base64').toString('utf8')).filter(Boolean);
}

async function readDatabaseServer(env: Environment, name: string): Promise<DatabaseServer | undefined> {
  return await customObjects(env.kubeConfig()).getClusterCustomObject({
    group: 'tenantry.dev', version: 'v1alpha1', plural: 'databaseservers', name,
  }) as DatabaseServer;
}

async function superuserQuery<R extends pg.QueryResultRow>(env: Environment, sql: string, params: unknown[] = [], database = 'postgres') {
  const url = new URL(env.postgres.url);
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await client.query<R>(sql, params);
  } finally {
    await client.end();
  }
}

describe('tenant lifecycle (integration)', function () {
  this.timeout(120_000);
  let env: Environment;
  let operator: OperatorProcess;

  before(async () => {
    env = await sharedEnvironment();
    await ensureDatabaseServer(env);
    operator = await startOperator(env);
  });

  after(async () => {
    await operator?.stop();
  });

  for (const tier of ['pool', 'silo'] as const) {
    it(`provisions a ${tier} tenant whose Secret connects to its migrated storage`, async () => {
      const name = uniqueTenantName(tier);
      await createTenant(env, name, { tier });
      const tenant = await waitForReady(env, name);

      expect(tenant.status?.phase).to.equal('Ready');
      expect(condition(tenant, 'DatabaseReady')?.status).to.equal('True');
      expect(condition(tenant, 'MigrationsApplied')?.status).to.equal('True');
      expect(condition(tenant, 'Reconciling')).to.equal(undefined);
      expect(tenant.status?.migrations?.applied).to.be.greaterThan(0);
      expect(tenant.status?.database).to.include({ server: 'harness', schema: `tenant_${name.replaceAll('-', '_')}` });

      const credentials = await readCredentials(env, name);
      expect(credentials.database).to.equal(tier === 'silo' ? `tenant_${name.replaceAll('-', '_')}` : 'tenantry_pool');
      const client = await connect(credentials);
      try {
        await client.query("INSERT INTO entries (title, author) VALUES ('hello', 'ada@example.com')");
        const { rows } = await client.query<{ title: string; schema: string }>('SELECT title, current_schema() AS schema FROM entries');
        expect(rows).to.deep.equal([{ title: 'hello', schema: credentials.schema }]);
        const owners = await client.query<{ owner: string }>(
          "SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relnamespace = current_schema()::regnamespace");
        expect(owners.rows, 'every table, index and sequence belongs to the tenant role').to.deep.equal([{ owner: credentials.username }]);
      } finally {
        await client.end();
      }
      const viaUri = new pg.Client({ connectionString: credentials.uri });
      await viaUri.connect();
      try {
        const { rows } = await viaUri.query<{ n: number }>('SELECT count(*)::int AS n FROM entries');
        expect(rows).to.deep.equal([{ n: 1 }]);
      } finally {
        await viaUri.end();
      }
    });
  }

  it('exposes reconcile, provisioning, phase and queue metrics', async () => {
    const text = await (await fetch(`${operator.url}/metrics`)).text();
    // Every series also carries the registry's default label service="operator".
    const sample = (name: string, labels: Record<string, string>, value = '[1-9]') => new RegExp(
      `^${name}\\{${Object.entries(labels).map(([key, v]) => `(?=[^}]*${key}="${v}")`).join('')}[^}]*\\} ${value}`, 'm');
    expect(text).to.match(sample('tenantry_reconcile_total', { kind: 'tenant', result: 'success' }));
    expect(text).to.match(sample('tenantry_reconcile_duration_seconds_count', { kind: 'tenant' }));
    expect(text).to.match(sample('tenantry_tenant_provisioning_duration_seconds_count', { tier: 'pool' }));
    expect(text).to.match(sample('tenantry_tenant_provisioning_duration_seconds_count', { tier: 'silo' }));
    expect(text).to.match(sample('tenantry_tenants', { phase: 'Ready' }));
    expect(text).to.match(sample('tenantry_workqueue_depth', { service: 'operator' }, '\\d'));
    expect(text).to.match(sample('process_cpu_seconds_total', { service: 'operator' }, '\\d'));
    expect((await fetch(`${operator.url}/readyz`)).status).to.equal(200);
  });

  it('keeps tenants apart: neither credentials nor SQL reach another tenant', async () => {
    const [poolA, poolB, silo] = [uniqueTenantName('pa'), uniqueTenantName('pb'), uniqueTenantName('sa')];
    await createTenant(env, poolA, { tier: 'pool' });
    await createTenant(env, poolB, { tier: 'pool' });
    await createTenant(env, silo, { tier: 'silo' });
    await Promise.all([poolA, poolB, silo].map((name) => waitForReady(env, name)));
    const [a, b, s] = await Promise.all([readCredentials(env, poolA), readCredentials(env, poolB), readCredentials(env, silo)]);

    const client = await connect(a);
    try {
      const other = await client.query(`SELECT 1 FROM ${pg.escapeIdentifier(b.schema)}.entries`).catch((error: Error) => error);
      expect((other as Error).message).to.match(/permission denied for schema/);
      const create = await client.query(`CREATE TABLE ${pg.escapeIdentifier(b.schema)}.intruder (id int)`).catch((error: Error) => error);
      expect((create as Error).message).to.match(/permission denied for schema/);
      const publicSchema = await client.query('CREATE TABLE public.intruder (id int)').catch((error: Error) => error);
      expect((publicSchema as Error).message).to.match(/permission denied for schema public/);
    } finally {
      await client.end();
    }
    expect(await connectionError(a, { database: s.database })).to.match(/permission denied for database/);
    expect(await connectionError(s, { database: 'tenantry_pool' })).to.match(/permission denied for database/);
    expect(await connectionError(a, { user: b.username })).to.match(/password authentication failed/);
  });

  it('suspends a tenant (no login, sessions ended) and resumes it', async () => {
    const name = uniqueTenantName('sus');
    await createTenant(env, name, { tier: 'pool' });
    await waitForReady(env, name);
    const credentials = await readCredentials(env, name);
    const session = await connect(credentials);
    const ended = new Promise<void>((resolve) => session.on('error', () => resolve()));

    await patchTenantSpec(env, name, { suspended: true });
    const suspended = await waitForTenant(env, name, 'phase Suspended', (t) => t?.status?.phase === 'Suspended' && t.status.observedGeneration === t.metadata.generation);
    // Carried out, the suspension is a reconciled state (Ready, for kstatus), never a serving one: the phase says which
    expect(condition(suspended, 'Ready')).to.include({ status: 'True', reason: 'Suspended' });
    expect(condition(suspended, 'Reconciling')).to.equal(undefined);
    await ended;
    expect(await connectionError(credentials)).to.match(/not permitted to log in/);

    await patchTenantSpec(env, name, { suspended: false });
    await waitForReady(env, name);
    const resumed = await connect(credentials);
    await resumed.end();
  });

  it('puts back a deleted credentials Secret, with a new password that logs in and the old one refused', async () => {
    const name = uniqueTenantName('sec');
    await createTenant(env, name, { tier: 'pool' });
    await waitForReady(env, name);
    const before = await readCredentials(env, name);

    // When someone deletes the Ready tenant's Secret
    await env.kubeConfig().makeApiClient(CoreV1Api).deleteNamespacedSecret({ name: `tenant-${name}-db`, namespace: operatorNamespace });

    // Then the operator writes a new one, without waiting for a resync, whose password is the role's now
    const after = await eventually(`the Secret of ${name} is back`, () => readCredentials(env, name).catch(() => undefined));
    expect(after).to.include({ username: before.username, database: before.database, schema: before.schema });
    expect(after.password).to.not.equal(before.password);
    await eventually('the new password logs in', async () => {
      const client = await connect(after);
      await client.end();
      return true;
    });
    expect(await connectionError(before)).to.match(/password authentication failed/);
    await waitForReady(env, name);
  });

  it('deletes storage and role with the Delete policy, even with a client still connected', async () => {
    const name = uniqueTenantName('del');
    await createTenant(env, name, { tier: 'silo', deletionPolicy: 'Delete' });
    await waitForReady(env, name);
    const credentials = await readCredentials(env, name);
    const session = await connect(credentials);
    session.on('error', () => undefined);

    await deleteTenant(env, name);
    await waitForTenant(env, name, 'is gone', (tenant) => tenant === undefined);
    const databases = await superuserQuery(env, 'SELECT 1 FROM pg_database WHERE datname = $1', [credentials.database]);
    const roles = await superuserQuery(env, 'SELECT 1 FROM pg_roles WHERE rolname = $1', [credentials.username]);
    expect(databases.rowCount, 'database dropped').to.equal(0);
    expect(roles.rowCount, 'role dropped').to.equal(0);
  });

  it('drops a pool tenant schema with the Delete policy and leaves its neighbours alone', async () => {
    const [gone, neighbour] = [uniqueTenantName('pdel'), uniqueTenantName('pkeep')];
    await createTenant(env, gone, { tier: 'pool', deletionPolicy: 'Delete' });
    await createTenant(env, neighbour, { tier: 'pool' });
    await Promise.all([waitForReady(env, gone), waitForReady(env, neighbour)]);
    const credentials = await readCredentials(env, gone);

    await deleteTenant(env, gone);
    await waitForTenant(env, gone, 'is gone', (tenant) => tenant === undefined);
    const schemas = await superuserQuery<{ nspname: string }>(env, 'SELECT nspname FROM pg_namespace WHERE nspname = ANY($1)', [[credentials.schema, `tenant_${neighbour.replaceAll('-', '_')}`]], 'tenantry_pool');
    expect(schemas.rows.map((row) => row.nspname)).to.deep.equal([`tenant_${neighbour.replaceAll('-', '_')}`]);
  });

  it('retains storage with the Retain policy, marked and without login, and re-adopts it when re-applied', async () => {
    const name = uniqueTenantName('ret');
    await createTenant(env, name, { tier: 'silo' });
    await waitForReady(env, name);
    const before = await readCredentials(env, name);
    const writer = await connect(before);
    await writer.query("INSERT INTO entries (title, author) VALUES ('keep me', 'ada@example.com')");
    await writer.end();

    await deleteTenant(env, name);
    await waitForTenant(env, name, 'is gone', (tenant) => tenant === undefined);
    const role = await superuserQuery<{ rolcanlogin: boolean; comment: string }>(env,
      "SELECT rolcanlogin, shobj_description(oid, 'pg_authid') AS comment FROM pg_roles WHERE rolname = $1", [before.username]);
    expect(role.rows[0]?.rolcanlogin).to.equal(false);
    expect(role.rows[0]?.comment).to.match(/^tenantry: retained after Tenant/);

    await createTenant(env, name, { tier: 'silo' });
    await waitForReady(env, name);
    const after = await readCredentials(env, name);
    const reader = await connect(after);
    try {
      const { rows } = await reader.query('SELECT title FROM entries');
      expect(rows).to.deep.equal([{ title: 'keep me' }]);
    } finally {
      await reader.end();
    }
  });

  it('reports PostgreSQL going away, then becomes Ready again when it is back', async () => {
    const name = uniqueTenantName('pgdown');
    await createTenant(env, name, { tier: 'pool' });
    await waitForReady(env, name);

    await env.postgres.stop();
    try {
      const down = await waitForTenant(env, name, 'reports the database unreachable',
        (t) => condition(t, 'Ready')?.status === 'False' && condition(t, 'Reconciling')?.reason === 'DatabaseUnreachable');
      expect(down?.status?.message).to.match(/unreachable|cannot (connect|reach)/);
      await eventually('the DatabaseServer reports itself unreachable', async () => {
        const server = await readDatabaseServer(env, 'harness');
        return condition(server, 'Reachable')?.status === 'False';
      });
    } finally {
      await env.postgres.start();
    }
    await waitForReady(env, name);
    const tenant = await readTenant(env, name);
    expect(condition(tenant, 'Reconciling')).to.equal(undefined);
    expect(operator.process.isRunning(), 'the operator survived the outage').to.equal(true);
    const server = await eventually('the DatabaseServer is reachable again and counts its tenants', async () => {
      const current = await readDatabaseServer(env, 'harness');
      const reachable = condition(current, 'Reachable')?.status === 'True';
      return reachable && (current?.status?.tenantCount ?? 0) > 0 ? current : undefined;
    });
    expect(server.status?.observedGeneration).to.equal(server.metadata.generation);
  });

  it('survives PostgreSQL stopping in the middle of provisioning, and finishes once it is back', async () => {
    const names = [uniqueTenantName('mid'), uniqueTenantName('mid')];
    await Promise.all(names.map((name) => createTenant(env, name, { tier: 'silo' })));
    await env.postgres.stop();
    await env.postgres.start();
    await Promise.all(names.map((name) => waitForReady(env, name)));
    expect(operator.process.isRunning(), 'the operator survived the outage').to.equal(true);
  });

  it('never writes a tenant password to its logs, its Events or a status', async () => {
    const passwords = await seenPasswords(env);
    expect(passwords.length, 'passwords to look for').to.be.greaterThan(3);
    const logs = await readFile(join(env.dir, `${operator.name}.log`), 'utf8');
    const events = JSON.stringify(await env.kubeConfig().makeApiClient(EventsV1Api).listNamespacedEvent({ namespace: 'default' }));
    const statuses = JSON.stringify(await customObjects(env.kubeConfig()).listClusterCustomObject({ group: 'tenantry.dev', version: 'v1alpha1', plural: 'tenants' }));
    for (const password of passwords) {
      expect(logs.includes(password), 'password in the operator log').to.equal(false);
      expect(events.includes(password), 'password in an Event').to.equal(false);
      expect(statuses.includes(password), 'password in a Tenant').to.equal(false);
    }
  });
});
