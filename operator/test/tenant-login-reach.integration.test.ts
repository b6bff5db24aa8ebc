// What a tenant's own database login can reach on its server, and what it can still see: the SQL boundary
// between tenants, tested with the credentials from the tenant's Secret, as any client of them would connect.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import pg from 'pg';
import {
  createTenant, deleteTenant, ensureDatabaseServer, readCredentials, sharedEnvironment, startOperator, uniqueTenantName, waitForReady,
  type Environment, type OperatorProcess, type TenantCredentials,
} from '@tenantry/harness';

async function connectAs(credentials: TenantCredentials, database = credentials.database): Promise<pg.Client> {
  const client = new pg.Client({
    host: credentials.host, port: credentials.port, database, user: credentials.username, password: credentials.password,
  });
  await client.connect();
  return client;
}

async function refusal(work: () => Promise<unknown>): Promise<string> {
  const error = await work().then(() => undefined, (caught: unknown) => caught as Error);
  expect(error, 'expected PostgreSQL to refuse').to.be.instanceOf(Error);
  return error!.message;
}

describe('what a tenant login can reach on its server (integration)', function () {
  this.timeout(120_000);
  let env: Environment;
  let operator: OperatorProcess;
  const names = { own: uniqueTenantName('reach'), neighbour: uniqueTenantName('reach-nb'), silo: uniqueTenantName('reach-silo') };
  let own: TenantCredentials;
  let neighbour: TenantCredentials;
  let silo: TenantCredentials;

  before(async () => {
    env = await sharedEnvironment();
    await ensureDatabaseServer(env);
    operator = await startOperator(env);
    await Promise.all([
      createTenant(env, names.own, { tier: 'pool' }), createTenant(env, names.neighbour, { tier: 'pool' }),
      createTenant(env, names.silo, { tier: 'silo' }),
    ]);
    await Promise.all(Object.values(names).map((name) => waitForReady(env, name)));
    own = await readCredentials(env, names.own);
    neighbour = await readCredentials(env, names.neighbour);
    silo = await readCredentials(env, names.silo);
  });

  after(async () => {
    await Promise.all(Object.values(names).map((name) => deleteTenant(env, name).catch(() => undefined)));
    await operator?.stop();
  });

  it('cannot enter any database but its own: not postgres, template1, nor a silo tenant\'s', async () => {
    for (const database of ['postgres', 'template1', silo.database]) {
      expect(await refusal(() => connectAs(own, database)), database).to.match(/permission denied for database/);
    }
    // Its own, of course, it can
    await (await connectAs(own)).end();
  });

  it('cannot read, write or create anything outside its schema in the shared pool database', async () => {
    const client = await connectAs(own);
    try {
      expect(await refusal(() => client.query(`SELECT * FROM ${pg.escapeIdentifier(neighbour.schema)}.entries`))).to.match(/permission denied for schema/);
      expect(await refusal(() => client.query('CREATE TABLE public.planted (x int)'))).to.match(/permission denied for schema public/);
      expect(await refusal(() => client.query('CREATE TEMPORARY TABLE scratch (x int)'))).to.match(/permission denied to create temporary tables/);
      expect(await refusal(() => client.query(`SET ROLE ${pg.escapeIdentifier(neighbour.username)}`))).to.match(/permission denied to set role/);
      expect(await refusal(() => client.query('SELECT rolpassword FROM pg_authid'))).to.match(/permission denied for table pg_authid/);
    } finally {
      await client.end();
    }
  });

  it('sees other tenants\' names in the catalog, and nothing of what they hold or run', async () => {
    // Given a neighbour session running a query with a recognisable literal
    const marker = `marker_${randomBytes(4).toString('hex')}`;
    const busy = await connectAs(neighbour);
    const running = busy.query(`SELECT pg_sleep(2), '${marker}'`);
    const client = await connectAs(own);
    try {
      // What PostgreSQL shows every login and Tenantry cannot take away without breaking pg_dump, psql and
      // drivers' metadata: the names of schemas, roles and databases (tenant names, as storage is named after them)
      const schemas = await client.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname = $1', [neighbour.schema]);
      expect(schemas.rows, 'schema names are visible').to.have.length(1);
      const roles = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [neighbour.username]);
      expect(roles.rowCount, 'role names are visible').to.equal(1);
      // Nothing else: not the neighbour's tables, their columns, or what their sessions run
      const tables = await client.query("SELECT 1 FROM information_schema.tables WHERE table_schema = $1", [neighbour.schema]);
      expect(tables.rowCount, 'information_schema hides tables without privileges').to.equal(0);
      const activity = await client.query<{ query: string | null }>('SELECT query FROM pg_stat_activity WHERE usename = $1', [neighbour.username]);
      expect(activity.rows.map(({ query }) => query)).to.not.satisfy((queries: (string | null)[]) => queries.some((query) => query?.includes(marker)));
    } finally {
      await client.end();
      await running.catch(() => undefined);
      await busy.end();
    }
  });

  it('keeps a refused row\'s contents out of the PostgreSQL server log', async () => {
    // Given a title over the table's 200-character limit that carries a recognisable secret
    const secret = `row-secret-${randomBytes(6).toString('hex')}`;
    const client = await connectAs(own);
    try {
      // When PostgreSQL refuses it (a CHECK violation would log "Failing row contains (…)")
      const message = await refusal(() => client.query(`INSERT INTO entries (title, author) VALUES ('${secret}${'x'.repeat(200)}', 'ada@example.com')`));
      expect(message).to.match(/entries_title_length/);
    } finally {
      await client.end();
    }

    // Then the server log names the constraint, never the row or the statement
    const log = await readFile(env.postgres.logFile, 'utf8');
    expect(log).to.include('entries_title_length');
    expect(log).to.not.include(secret);
  });
});
