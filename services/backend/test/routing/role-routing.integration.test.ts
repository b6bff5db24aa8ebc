// Role-per-transaction routing against the real operator, platform and PostgreSQL: every request runs as its tenant's
// role over connections shared by every tenant of a database, and nothing a request does leaves a connection in
// another role — not an exception, a killed session, a cancelled query nor an attempt to append statements.
import { expect } from 'chai';
import pg from 'pg';
import {
  createTenant, deleteTenant, eventually, patchTenantSpec, quietLogger, uniqueTenantName, usePlatformStack, waitForReady, waitForTenant,
} from '@tenantry/harness';
import { BackendError } from '../../src/backend-error.js';
import { createDatasourceClient, type DatasourceClient } from '../../src/routing/datasource-client.js';
import { createDatabasePools, type DatabasePools } from '../../src/routing/database-pools.js';
import { createTenantAdmission } from '../../src/routing/tenant-admission.js';
import { createTenantDatabase, type TenantDatabase } from '../../src/routing/tenant-database.js';

interface Who { current_user: string; session_user: string; search_path: string; pid: number }

/** The SQLSTATE `work` failed with; undefined when it succeeded. */
const sqlState = (work: Promise<unknown>) => work.then(() => undefined, (error: unknown) => (error as { code?: string }).code);

const whoAmI = 'SELECT current_user, session_user, current_setting(\'search_path\') AS search_path, pg_backend_pid() AS pid';

describe('role-per-transaction routing (integration: operator, platform, PostgreSQL)', function () {
  this.timeout(120_000);
  const stack = usePlatformStack();
  const second = uniqueTenantName('c');
  let admin: pg.Client;
  let datasources: DatasourceClient;
  let pools: DatabasePools;
  let database: TenantDatabase;
  let evictions = 0;

  before(async function () {
    this.timeout(90_000);
    // A second pool tenant: two tenants in one database, so they share its connections.
    await createTenant(stack().env, second, { tier: 'pool' });
    await waitForReady(stack().env, second);
    admin = new pg.Client({ connectionString: stack().env.postgres.url });
    await admin.connect();
    datasources = createDatasourceClient({ platformUrl: stack().platform.url, serviceToken: stack().serviceToken, ttlMs: 60_000 });
    // One connection for everything: whatever one request leaves behind, the next one meets.
    pools = createDatabasePools({
      maxConnections: 1, idleTimeoutMs: 60_000, applicationName: 'role-routing-test', onEvicted: () => { evictions += 1; }, logger: quietLogger('backend-test'),
    });
    database = createTenantDatabase({
      datasources, pools, admission: createTenantAdmission({ maxPerTenant: 4 }), mode: { kind: 'role' }, logger: quietLogger('backend-test'),
    });
  });

  after(async () => {
    await pools?.close();
    await admin?.end();
    if (admin !== undefined) await deleteTenant(stack().env, second).catch(() => undefined);
  });

  const who = (tenant: string) => database.run(tenant, async (db) => (await db.query<Who>(whoAmI)).rows[0]!);
  const roleOf = async (tenant: string) => (await datasources.get(tenant)).role;

  it('runs a request as the tenant\'s role with its schema, logged in as the server\'s authenticator', async () => {
    const { a } = stack().tenants;
    const datasource = await datasources.get(a);

    const seen = await who(a);

    expect(seen.current_user).to.equal(datasource.role);
    expect(seen.session_user).to.equal(datasource.authenticator.username);
    expect(seen.search_path.replaceAll('"', '')).to.equal(datasource.schema);
  });

  it('serves interleaved requests of two tenants over one connection, each seeing only its own rows', async () => {
    const { a } = stack().tenants;
    const insert = (tenant: string, title: string) => database.run(tenant, (db) =>
      db.query('INSERT INTO entries (title, body, status, tags, author) VALUES ($1, \'\', \'draft\', $2, \'test\')', [title, ['interleaved']]));
    const titles = (tenant: string) => database.run(tenant, async (db) => {
      const { rows } = await db.query<{ title: string; pid: number }>(
        'SELECT title, pg_backend_pid() AS pid FROM entries WHERE tags @> $1::text[]', [['interleaved']]);
      return rows;
    });

    // When both write and read at once, alternating on the single connection
    await Promise.all([insert(a, 'of a 1'), insert(second, 'of c 1'), insert(a, 'of a 2'), insert(second, 'of c 2')]);
    const [rowsA, rowsC, whoA, whoC] = await Promise.all([titles(a), titles(second), who(a), who(second)]);

    // Then each saw its own rows only, on the same PostgreSQL session
    expect(rowsA.map((row) => row.title).sort()).to.deep.equal(['of a 1', 'of a 2']);
    expect(rowsC.map((row) => row.title).sort()).to.deep.equal(['of c 1', 'of c 2']);
    expect(new Set([...rowsA, ...rowsC].map((row) => row.pid)).size).to.equal(1);
    expect([whoA.current_user, whoC.current_user]).to.deep.equal([await roleOf(a), await roleOf(second)]);
    expect(whoA.pid).to.equal(whoC.pid);
  });

  it('rolls an aborted request back: its role and its writes end with it', async () => {
    const { a } = stack().tenants;
    const failure = await database.run(a, async (db) => {
      await db.query('INSERT INTO entries (title, body, status, tags, author) VALUES ($1, \'\', \'draft\', $2, \'test\')', ['never', ['aborted']]);
      throw new Error('the request failed halfway');
    }).catch((error: unknown) => error as Error);

    expect(failure.message).to.equal('the request failed halfway');
    expect((await who(second)).current_user).to.equal(await roleOf(second));
    expect(await database.run(a, async (db) => (await db.query('SELECT 1 FROM entries WHERE tags @> $1::text[]', [['aborted']])).rowCount)).to.equal(0);
  });

  it('never lets a statement append a RESET ROLE or SET ROLE: one statement per Parse', async () => {
    const { a } = stack().tenants;
    const refused = await sqlState(database.run(a, (db) => db.query('SELECT 1; RESET ROLE')));

    expect(refused).to.equal('42601');
    expect((await who(second)).current_user).to.equal(await roleOf(second));
  });

  it('ends nothing but the request when its query is cancelled, and the connection comes back in no tenant\'s role', async () => {
    const { a } = stack().tenants;
    const { pid } = await who(a);
    const cancelled = sqlState(database.run(a, (db) => db.query('SELECT pg_sleep(30)')));
    await eventually('the sleeping query is seen', async () =>
      (await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND query = $2', [pid, 'SELECT pg_sleep(30)'])).rowCount === 1);

    await admin.query('SELECT pg_cancel_backend($1)', [pid]);

    expect(await cancelled).to.equal('57014');
    const next = await who(second);
    expect(next).to.include({ pid, current_user: await roleOf(second) });
  });

  it('drops a connection killed under a request, and the next request gets a fresh one in its own role', async () => {
    const { a } = stack().tenants;
    const { pid } = await who(a);
    const killed = database.run(a, async (db) => {
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      return db.query('SELECT 1');
    }).catch((error: unknown) => error as BackendError);

    expect(await killed).to.be.instanceOf(BackendError).and.include({ code: 'STORAGE_UNAVAILABLE' });
    const next = await who(second);
    expect(next.pid).to.not.equal(pid);
    expect(next.current_user).to.equal(await roleOf(second));
    expect(pools.connections()).to.equal(1);
  });

  it('lets the authenticator alone read nothing of any tenant', async () => {
    const { a, b } = stack().tenants;
    for (const tenant of [a, b]) {
      const datasource = await datasources.get(tenant);
      const client = new pg.Client({
        host: datasource.host, port: datasource.port, database: datasource.database,
        user: datasource.authenticator.username, password: datasource.authenticator.password,
      });
      await client.connect();
      try {
        const read = await sqlState(client.query(`SELECT * FROM ${pg.escapeIdentifier(datasource.schema)}.entries`));
        expect(read, `reading tenant ${tenant}'s entries without SET ROLE`).to.equal('42501');
        expect((await client.query<{ search_path: string }>('SELECT current_setting(\'search_path\') AS search_path')).rows[0]?.search_path).to.equal('""');
      } finally {
        await client.end();
      }
    }
  });

  it('evicts the connection of one database for another under the cap of one', async () => {
    const before = evictions;
    const { a, b } = stack().tenants;

    // a is a pool tenant, b a silo tenant: two databases, one connection
    const [onA, onB] = [await who(a), await who(b)];

    expect(onA.current_user).to.equal(await roleOf(a));
    expect(onB.current_user).to.equal(await roleOf(b));
    expect(evictions - before).to.equal(1);
    expect(pools.connections()).to.equal(1);
  });

  it('hands a tenant the idle connection that served it last, where its catalog caches are warm', async () => {
    const datasource = await datasources.get(stack().tenants.a);
    const target = {
      host: datasource.host, port: datasource.port, database: datasource.database, sslMode: datasource.sslMode,
      user: datasource.authenticator.username, password: datasource.authenticator.password,
    };
    const three = createDatabasePools({ maxConnections: 3, idleTimeoutMs: 60_000, applicationName: 'role-routing-affinity', onEvicted: () => undefined, logger: quietLogger('backend-test') });
    try {
      // Given three connections, each last used for another tenant
      const leases = await Promise.all(['x', 'y', 'z'].map((tenant) => three.acquire(target, tenant)));
      const pids = await Promise.all(leases.map(async (lease) => (await lease.client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid));
      for (const lease of leases) lease.release();

      // When y, then x come back, each gets its own connection again, not merely the most recently released one
      const [y, x] = [await three.acquire(target, 'y'), await three.acquire(target, 'x')];
      const pidOf = async (lease: typeof y) => (await lease.client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;

      expect([await pidOf(y), await pidOf(x)]).to.deep.equal([pids[1], pids[0]]);
      y.release();
      x.release();
    } finally {
      await three.close();
    }
  });

  // Last: it suspends the second tenant.
  it('serves a stale datasource while it refreshes, and drops it once the platform refuses the tenant', async () => {
    let clock = Date.now();
    const client = createDatasourceClient({ platformUrl: stack().platform.url, serviceToken: stack().serviceToken, ttlMs: 1_000, now: () => clock });
    const fresh = await client.get(second);

    // When the TTL has passed and the tenant was suspended meanwhile
    await patchTenantSpec(stack().env, second, { suspended: true });
    await waitForTenant(stack().env, second, 'phase Suspended', (tenant) => tenant?.status?.phase === 'Suspended');
    clock += 1_500;

    // Then the stale answer comes at once, and the refresh behind it learns of the suspension: the next one is a 403
    expect(await client.get(second)).to.equal(fresh);
    const refused = await eventually('the refreshed datasource is refused', () => client.get(second).then(() => undefined, (error: unknown) => error));
    expect(refused).to.be.instanceOf(BackendError).and.include({ code: 'TENANT_UNAVAILABLE', kind: 'forbidden' });
  });
});
