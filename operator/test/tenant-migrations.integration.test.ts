// The tenant migrations build the entries schema under a tenant's own unprivileged role, and only once.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { expect } from 'chai';
import { runner } from 'node-pg-migrate';
import pg from 'pg';
import { repositoryRoot, sharedEnvironment, type Environment } from '@tenantry/harness';

const migrationsDir = join(repositoryRoot, 'migrations', 'tenant');

/** What the runner reports per migration it ran (node-pg-migrate does not export the type's name). */
type RunMigration = Awaited<ReturnType<typeof runner>>[number];

/** A database with one schema owned by one LOGIN role, as the operator provisions a silo tenant. */
interface TenantStorage {
  database: string;
  schema: string;
  role: string;
  /** Connection URL of the tenant role; never the superuser. */
  url: string;
}

let sequence = 0;
function uniqueIdentifier(): string {
  sequence += 1;
  return `migtest_${Date.now().toString(36)}_${sequence}`;
}

async function withClient<T>(connectionString: string, work: (client: pg.Client) => Promise<T>, options = ''): Promise<T> {
  const client = new pg.Client({ connectionString, ...(options ? { options } : {}) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(base: string, database: string, credentials?: { user: string; password: string }): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  if (credentials) {
    url.username = encodeURIComponent(credentials.user);
    url.password = encodeURIComponent(credentials.password);
  }
  return url.toString();
}

/** Setup is the only use of the superuser: database, role, and a schema the role owns. */
async function createTenantStorage(env: Environment): Promise<TenantStorage> {
  const name = uniqueIdentifier();
  const password = randomBytes(18).toString('base64url');
  await withClient(env.postgres.url, async (admin) => {
    const role = admin.escapeIdentifier(name);
    await admin.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${admin.escapeLiteral(password)}`);
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  });
  await withClient(databaseUrl(env.postgres.url, name), async (admin) => {
    await admin.query(`CREATE SCHEMA ${admin.escapeIdentifier(name)} AUTHORIZATION ${admin.escapeIdentifier(name)}`);
  });
  return { database: name, schema: name, role: name, url: databaseUrl(env.postgres.url, name, { user: name, password }) };
}

async function dropTenantStorage(env: Environment, storage: TenantStorage): Promise<void> {
  await withClient(env.postgres.url, async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(storage.database)} WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${admin.escapeIdentifier(storage.role)}`);
  });
}

function migrate(storage: TenantStorage, direction: 'up' | 'down' = 'up'): Promise<RunMigration[]> {
  return runner({
    databaseUrl: storage.url,
    dir: migrationsDir,
    direction,
    schema: storage.schema,
    createSchema: false,
    migrationsTable: 'pgmigrations',
    log: () => undefined,
  });
}

/** A session of the tenant role, as the backend opens one: search_path on the tenant's schema only. */
function asTenant<T>(storage: TenantStorage, work: (client: pg.Client) => Promise<T>): Promise<T> {
  return withClient(storage.url, work, `-c search_path=${storage.schema}`);
}

interface EntryRow {
  id: string;
  title: string;
  body: string;
  status: string;
  tags: string[];
  version: number;
  created_at: Date;
  updated_at: Date;
}

async function insertEntry(client: pg.Client, fields: { title: string; body?: string; author?: string }): Promise<EntryRow> {
  const { rows } = await client.query<EntryRow>(
    'INSERT INTO entries (title, body, author) VALUES ($1, coalesce($2, \'\'), $3) RETURNING *',
    [fields.title, fields.body ?? null, fields.author ?? 'ada@example.com'],
  );
  return rows[0]!;
}

async function constraintViolated(client: pg.Client, sql: string, values: unknown[]): Promise<string | undefined> {
  try {
    await client.query(sql, values);
    return undefined;
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    expect(code, 'PostgreSQL error code').to.equal('23514'); // check_violation
    return constraint;
  }
}

describe('tenant migrations (integration)', function () {
  this.timeout(60_000);
  let env: Environment;
  let storage: TenantStorage;
  let firstRun: RunMigration[];
  const created: TenantStorage[] = [];

  before(async () => {
    env = await sharedEnvironment();
    storage = await createTenantStorage(env);
    created.push(storage);
    firstRun = await migrate(storage);
  });

  after(async () => {
    for (const each of created) await dropTenantStorage(env, each);
  });

  it('runs as a role that is not a superuser', async () => {
    const { rows } = await asTenant(storage, (client) =>
      client.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = current_user'));
    expect(rows).to.deep.equal([{ rolsuper: false }]);
    expect(firstRun.map((migration) => migration.name)).to.deep.equal(['1764000000000_create-entries']);
  });

  it('creates the entries table, its trigger function and the migrations table in the tenant schema only', async () => {
    const { rows } = await withClient(databaseUrl(env.postgres.url, storage.database), (admin) => admin.query<{ schema: string; name: string }>(
      `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relname IN ('entries', 'pgmigrations') AND c.relkind = 'r'
       UNION ALL
       SELECT n.nspname, p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE p.proname = 'entries_before_update'
       ORDER BY 2`));
    expect(rows).to.deep.equal([
      { schema: storage.schema, name: 'entries' },
      { schema: storage.schema, name: 'entries_before_update' },
      { schema: storage.schema, name: 'pgmigrations' },
    ]);
  });

  it('stores an entry with its defaults', async () => {
    const entry = await asTenant(storage, (client) => insertEntry(client, { title: 'First entry' }));
    expect(entry).to.deep.include({ title: 'First entry', body: '', status: 'draft', tags: [], version: 1 });
    expect(entry.id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('bumps version and updated_at on every update, whatever the writer sends', async () => {
    const { before, after } = await asTenant(storage, async (client) => {
      // Written an hour ago, so the update's updated_at is later whatever the clock's resolution.
      const { rows: [before] } = await client.query<EntryRow>(
        "INSERT INTO entries (title, author, updated_at) VALUES ('Versioned', 'a', now() - interval '1 hour') RETURNING *");
      const { rows: [after] } = await client.query<EntryRow>(
        "UPDATE entries SET status = 'published', version = 42 WHERE id = $1 AND version = $2 RETURNING *",
        [before!.id, before!.version]);
      return { before: before!, after: after! };
    });
    expect(before.version).to.equal(1);
    expect(after).to.deep.include({ id: before.id, status: 'published', version: 2 });
    expect(after.updated_at.getTime()).to.be.greaterThan(before.updated_at.getTime());
    expect(after.created_at.getTime()).to.equal(before.created_at.getTime());
  });

  it('refuses an unknown status, an empty title and more than 20 tags, naming the constraint', async () => {
    const violated = await asTenant(storage, async (client) => ({
      status: await constraintViolated(client, "INSERT INTO entries (title, author, status) VALUES ('t', 'a', $1)", ['deleted']),
      title: await constraintViolated(client, "INSERT INTO entries (title, author) VALUES ($1, 'a')", ['']),
      tags: await constraintViolated(client, "INSERT INTO entries (title, author, tags) VALUES ('t', 'a', $1)",
        [Array.from({ length: 21 }, (_, index) => `tag${index}`)]),
    }));
    expect(violated).to.deep.equal({ status: 'entries_status_known', title: 'entries_title_length', tags: 'entries_tags_count' });
  });

  it('finds an entry by words of its title or body with a web search query', async () => {
    const found = await asTenant(storage, async (client) => {
      const entry = await insertEntry(client, { title: 'Quarterly planning', body: 'Budget for the northern region' });
      const search = (query: string) => client.query<{ id: string }>(
        "SELECT id FROM entries WHERE search @@ websearch_to_tsquery('simple', $1)", [query]);
      return {
        id: entry.id,
        bodyWords: (await search('northern budget')).rows,
        titleWord: (await search('quarterly')).rows,
        excluded: (await search('budget -northern')).rows,
      };
    });
    expect(found.bodyWords).to.deep.equal([{ id: found.id }]);
    expect(found.titleWord).to.deep.equal([{ id: found.id }]);
    expect(found.excluded).to.deep.equal([]);
  });

  it('applies nothing when run again', async () => {
    expect(await migrate(storage)).to.deep.equal([]);
  });

  it('migrates down to an empty schema', async () => {
    const fresh = await createTenantStorage(env);
    created.push(fresh);
    await migrate(fresh);
    const undone = await migrate(fresh, 'down');
    expect(undone.map((migration) => migration.name)).to.deep.equal(['1764000000000_create-entries']);
    const { rows } = await asTenant(fresh, (client) => client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind = 'r'
       UNION ALL
       SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1`,
      [fresh.schema]));
    expect(rows).to.deep.equal([{ name: 'pgmigrations' }]);
  });
});
