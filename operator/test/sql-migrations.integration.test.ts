// The operator's short SQL migration runner keeps node-pg-migrate's bookkeeping: either can take over
// from the other, the order check holds, a failure changes nothing, and JavaScript migrations are left alone.
import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runner } from 'node-pg-migrate';
import pg from 'pg';
import { repositoryRoot, sharedEnvironment, type Environment } from '@tenantry/harness';
import { readMigrationNames, readSqlMigration } from '../src/postgres/migration-catalog.js';
import { runSqlMigrations } from '../src/postgres/sql-migrations.js';

const realMigrations = join(repositoryRoot, 'migrations', 'tenant');
const first = '1764000000000_create-entries';
const table = 'pgmigrations';
const id = (name: string) => pg.escapeIdentifier(name);

describe('SQL migration runner (integration)', function () {
  this.timeout(60_000);
  let env: Environment;
  let admin: pg.Client;
  let dir: string;
  const roles: string[] = [];

  /** A role and a schema it owns in the `postgres` database, as the operator gives a pool tenant. */
  const newTenant = async (): Promise<string> => {
    const role = `sqlmig_${randomBytes(4).toString('hex')}`;
    await admin.query(`CREATE ROLE ${id(role)} NOLOGIN; CREATE SCHEMA ${id(role)} AUTHORIZATION ${id(role)}`);
    roles.push(role);
    return role;
  };
  const run = async (role: string) => runSqlMigrations({
    client: admin, role, sql: (name) => readSqlMigration(dir, name), names: await readMigrationNames(dir), schema: role, table, lockValue: 4242,
  });
  /** node-pg-migrate as the operator runs it: under the tenant's role. */
  const runNodePgMigrate = async (role: string) => {
    await admin.query(`SET ROLE ${id(role)}`);
    try {
      return await runner({
        dbClient: admin, dir, direction: 'up', schema: role, migrationsSchema: role, migrationsTable: table,
        createSchema: false, createMigrationsSchema: false, checkOrder: true, log: () => undefined,
      });
    } finally {
      await admin.query('RESET ROLE; RESET search_path');
    }
  };
  const recorded = async (role: string) =>
    (await admin.query<{ name: string }>(`SELECT name FROM ${id(role)}.${table} ORDER BY run_on, id`)).rows.map((row) => row.name);
  const addMigration = (file: string, up: string) => writeFile(join(dir, file), `-- Up Migration\n${up}\n-- Down Migration\n`);

  before(async () => {
    env = await sharedEnvironment();
    admin = new pg.Client({ connectionString: env.postgres.url });
    await admin.connect();
  });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sql-migrations-'));
    await copyFile(join(realMigrations, `${first}.sql`), join(dir, `${first}.sql`));
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  after(async () => {
    for (const role of roles) await admin.query(`DROP SCHEMA ${id(role)} CASCADE; DROP ROLE ${id(role)}`);
    await admin.end();
  });

  it('applies what is missing under the tenant role and records it where node-pg-migrate looks', async () => {
    const role = await newTenant();
    await addMigration('1764000000001_priority.sql', 'ALTER TABLE entries ADD COLUMN priority integer NOT NULL DEFAULT 0;');

    const result = await run(role);

    const session = await admin.query<{ role: string; path: string }>(`SELECT current_user AS role, current_setting('search_path') AS path`);
    expect(session.rows, 'the pooled session comes back as it was lent').to.deep.equal([{ role: 'postgres', path: '"$user", public' }]);
    expect(result).to.deep.equal({ applied: 2, latest: '1764000000001_priority', ran: [first, '1764000000001_priority'] });
    expect(await recorded(role)).to.deep.equal([first, '1764000000001_priority']);
    const { rows } = await admin.query<{ owner: string }>(
      `SELECT tableowner AS owner FROM pg_tables WHERE schemaname = $1 AND tablename = 'entries'`, [role]);
    expect(rows).to.deep.equal([{ owner: role }]);
    expect(await runNodePgMigrate(role), 'node-pg-migrate finds nothing left to run').to.deep.equal([]);
  });

  it('takes over a tenant node-pg-migrate migrated, and runs nothing when it is current', async () => {
    const role = await newTenant();
    await runNodePgMigrate(role);

    expect(await run(role)).to.deep.equal({ applied: 1, latest: first, ran: [] });
  });

  it('refuses a migration that sorts before one already applied, as node-pg-migrate does', async () => {
    const role = await newTenant();
    await addMigration('1764000000002_later.sql', 'ALTER TABLE entries ADD COLUMN later text;');
    await run(role);
    await addMigration('1764000000001_earlier.sql', 'ALTER TABLE entries ADD COLUMN earlier text;');

    const error = await run(role).then(() => undefined, (failure: unknown) => failure as Error);

    expect(error?.message).to.equal('Not run migration 1764000000001_earlier is preceding already run migration 1764000000002_later');
    expect(await recorded(role)).to.deep.equal([first, '1764000000002_later']);
  });

  it('changes nothing when one of the pending migrations fails', async () => {
    const role = await newTenant();
    await addMigration('1764000000001_broken.sql', 'ALTER TABLE no_such_table ADD COLUMN flag boolean;');

    const error = await run(role).then(() => undefined, (failure: unknown) => failure as { code?: string });

    expect(error?.code, 'undefined_table').to.equal('42P01');
    const { rows } = await admin.query('SELECT 1 FROM pg_tables WHERE schemaname = $1', [role]);
    expect(rows, 'neither entries nor pgmigrations survived the rollback').to.deep.equal([]);
  });

  it('leaves a pending JavaScript migration to node-pg-migrate, having changed nothing', async () => {
    const role = await newTenant();
    await writeFile(join(dir, '1764000000001_backfill.js'), 'export const up = (pgm) => pgm.sql("SELECT 1");\n');

    expect(await run(role)).to.equal(undefined);
    const { rows } = await admin.query('SELECT 1 FROM pg_tables WHERE schemaname = $1', [role]);
    expect(rows).to.deep.equal([]);
  });
});
