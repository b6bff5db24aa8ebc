// The operator survives what production does to it: a crash mid-provisioning, a new migration file,
// a leader dying, and the Tenant CRD deleted and re-installed.
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import pg from 'pg';
import { CoordinationV1Api, EventsV1Api } from '@kubernetes/client-node';
import {
  condition, createTenant, defaultMigrationsDir, ensureDatabaseServer, eventually, installCrds, operatorNamespace,
  readCredentials, readTenant, sharedEnvironment, startEnvironment, startOperator, uniqueTenantName, waitForReady, waitForTenant,
  type Environment, type OperatorProcess,
} from '@tenantry/harness';

async function query<R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query<R>(sql, params);
  } finally {
    await client.end();
  }
}

describe('operator resilience (integration)', function () {
  this.timeout(180_000);
  let env: Environment;
  const running: OperatorProcess[] = [];
  const start = async (...args: Parameters<typeof startOperator> extends [unknown, ...infer Rest] ? Rest : never) => {
    const operator = await startOperator(env, ...args);
    running.push(operator);
    return operator;
  };

  before(async () => {
    env = await sharedEnvironment();
    await ensureDatabaseServer(env);
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((operator) => operator.stop()));
  });

  it('finishes provisioning after being killed right after creating the database, without duplicates', async () => {
    const name = uniqueTenantName('crash');
    const doomed = await start({ failpoints: ['after-storage'] });
    await createTenant(env, name, { tier: 'silo' });
    const code = await doomed.process.exited;
    expect(code, 'the failpoint killed the operator').to.equal(null);
    // The placement rode on the finalizer's write; the storage names follow from the tenant's name.
    const halfway = await readTenant(env, name);
    const storage = `tenant_${name.replaceAll('-', '_')}`;
    expect(halfway?.metadata.finalizers, 'the finalizer landed before any storage').to.include('tenantry.dev/storage');
    expect(halfway?.metadata.annotations, 'the placement recorded before creation').to.include({
      'tenantry.dev/database-server': 'harness', 'tenantry.dev/database': storage,
    });
    expect(halfway?.status?.observedGeneration, 'no status written yet: in progress for kstatus').to.equal(-1);

    await start();
    await waitForReady(env, name);
    const databases = await query(env.postgres.url, 'SELECT count(*)::int AS n FROM pg_database WHERE datname = $1', [storage]);
    const roles = await query(env.postgres.url, 'SELECT count(*)::int AS n FROM pg_roles WHERE rolname = $1', [storage]);
    expect([databases.rows[0]?.n, roles.rows[0]?.n]).to.deep.equal([1, 1]);
    const credentials = await readCredentials(env, name);
    const { rows } = await query(credentials.uri, 'SELECT count(*)::int AS n FROM pgmigrations');
    expect(rows[0]?.n).to.equal((await readTenant(env, name))?.status?.migrations?.applied);
  });

  it('rolls every existing tenant forward when a migration file is added', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tenant-migrations-'));
    await cp(defaultMigrationsDir, dir, { recursive: true });
    await start({ migrationsDir: dir });
    const names = [uniqueTenantName('mp'), uniqueTenantName('ms')];
    await createTenant(env, names[0]!, { tier: 'pool' });
    await createTenant(env, names[1]!, { tier: 'silo' });
    const before = await Promise.all(names.map((name) => waitForReady(env, name)));
    const applied = before[0]!.status!.migrations!.applied!;

    const migration = '9999999999999_add-entry-priority';
    await writeFile(join(dir, `${migration}.sql`),
      '-- Up Migration\nALTER TABLE entries ADD COLUMN priority integer NOT NULL DEFAULT 0;\nCREATE INDEX entries_priority_idx ON entries (priority);\n-- Down Migration\nALTER TABLE entries DROP COLUMN priority;\n');

    const late = uniqueTenantName('ml');
    await createTenant(env, late, { tier: 'silo' });
    for (const name of [...names, late]) {
      const tenant = await waitForTenant(env, name, `reports migration ${migration}`, (t) => t?.status?.migrations?.latest === migration);
      expect(tenant?.status?.migrations?.applied).to.equal(applied + 1);
      const credentials = await readCredentials(env, name);
      const { rows } = await query(credentials.uri, "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'entries' AND column_name = 'priority'");
      expect(rows).to.have.length(1);
    }
  });

  it('stalls on a failing migration with the SQL error and an Event, and recovers once it is fixed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tenant-migrations-'));
    await cp(defaultMigrationsDir, dir, { recursive: true });
    const broken = join(dir, '9999999999998_broken.sql');
    await writeFile(broken, '-- Up Migration\nALTER TABLE no_such_table ADD COLUMN flag boolean;\n-- Down Migration\n');
    await start({ migrationsDir: dir });
    const name = uniqueTenantName('bad');
    await createTenant(env, name, { tier: 'pool' });

    const stalled = await waitForTenant(env, name, 'is Stalled by the migration', (t) => condition(t, 'Stalled')?.status === 'True');
    expect(stalled?.status?.phase).to.equal('Failed');
    expect(condition(stalled, 'Stalled')?.reason).to.equal('MigrationFailed');
    expect(condition(stalled, 'MigrationsApplied')?.message).to.match(/relation "no_such_table" does not exist.*SQLSTATE 42P01/);
    expect(condition(stalled, 'DatabaseReady')?.status).to.equal('True');
    const eventsApi = env.kubeConfig().makeApiClient(EventsV1Api);
    const warning = await eventually('a MigrationFailed event is recorded', async () => {
      const events = await eventsApi.listNamespacedEvent({ namespace: 'default' });
      return events.items.find((event) => event.regarding?.name === name && event.reason === 'MigrationFailed');
    });
    expect(warning.type).to.equal('Warning');
    expect(warning.note).to.match(/no_such_table/);

    await writeFile(broken, '-- Up Migration\nALTER TABLE entries ADD COLUMN flag boolean DEFAULT false;\n-- Down Migration\n');
    const ready = await waitForReady(env, name);
    expect(ready.status?.migrations?.latest).to.equal('9999999999998_broken');
    expect(condition(ready, 'Stalled')).to.equal(undefined);
  });

  it('hands leadership over: a standby takes over within the lease duration when the leader dies', async () => {
    const first = await start({ identity: 'replica-a' });
    const leases = env.kubeConfig().makeApiClient(CoordinationV1Api);
    const holder = () => leases.readNamespacedLease({ name: 'tenantry-operator', namespace: operatorNamespace })
      .then((lease) => lease.spec?.holderIdentity).catch(() => undefined);
    await eventually('replica-a holds the lease', async () => (await holder()) === 'replica-a');
    const second = await start({ identity: 'replica-b' });
    const warm = uniqueTenantName('lead');
    await createTenant(env, warm, { tier: 'pool' });
    await waitForReady(env, warm);
    expect(await holder()).to.equal('replica-a');

    await first.kill();
    const killedAt = Date.now();
    await eventually('replica-b takes the lease', async () => (await holder()) === 'replica-b', { timeoutMs: 15_000 });
    expect(Date.now() - killedAt, 'taken over within lease duration + retry').to.be.lessThan(3_000 + 2_000);
    const after = uniqueTenantName('lead');
    await createTenant(env, after, { tier: 'pool' });
    await waitForReady(env, after);
    void second;
  });
});

// Deleting a CRD deletes every object of that kind in the cluster: this suite gets a control plane and
// PostgreSQL of its own instead of the shared ones.
describe('operator guardrails on CRD removal (integration, own environment)', function () {
  this.timeout(180_000);
  let env: Environment;
  let operator: OperatorProcess | undefined;
  const start = async () => {
    operator = await startOperator(env);
    return operator;
  };

  before(async () => {
    env = await startEnvironment({ keepDir: process.env['TENANTRY_KEEP_TEST_DIR'] === '1' });
    await ensureDatabaseServer(env);
  });

  after(async () => {
    await operator?.stop();
    await env?.stop();
  });

  it('re-adopts storage with data intact after the Tenant CRD is deleted and re-installed', async () => {
    await start();
    const names = [uniqueTenantName('crdp'), uniqueTenantName('crds')];
    await createTenant(env, names[0]!, { tier: 'pool', deletionPolicy: 'Delete' });
    await createTenant(env, names[1]!, { tier: 'silo', deletionPolicy: 'Delete' });
    await Promise.all(names.map((name) => waitForReady(env, name)));
    for (const name of names) {
      const credentials = await readCredentials(env, name);
      await query(credentials.uri, 'INSERT INTO entries (title, author) VALUES ($1, $2)', [`row of ${name}`, 'ada@example.com']);
    }

    const deleted = await env.kubectl(['delete', 'crd', 'tenants.tenantry.dev', '--wait=true', '--timeout=60s']);
    expect(deleted.code, deleted.stderr).to.equal(0);
    const eventsApi = env.kubeConfig().makeApiClient(EventsV1Api);
    const retained = await eventually('a StorageRetained event says why the Delete policy was not applied', async () => {
      const events = await eventsApi.listNamespacedEvent({ namespace: 'default' });
      return events.items.find((event) => event.regarding?.name === names[1] && event.reason === 'StorageRetained');
    });
    expect(retained.note).to.match(/CRD is being deleted/);
    await installCrds(env);
    for (const name of names) {
      await createTenant(env, name, { tier: name.startsWith('crds') ? 'silo' : 'pool', deletionPolicy: 'Delete' });
    }
    for (const name of names) {
      await waitForReady(env, name);
      const credentials = await readCredentials(env, name);
      const { rows } = await query(credentials.uri, 'SELECT title FROM entries');
      expect(rows).to.deep.equal([{ title: `row of ${name}` }]);
    }
  });
});
