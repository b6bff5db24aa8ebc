// The floor a provisioning figure is compared with: the same SQL the operator sends for one tenant
// (role, storage, grants, every tenant migration), run directly, with no Kubernetes in between.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';

const id = (name: string) => pg.escapeIdentifier(name);

/** The "Up" section of every SQL migration in the folder, in order. */
export async function migrationUpSql(dir: string): Promise<Array<{ name: string; sql: string }>> {
  const files = (await readdir(dir)).filter((file) => /^\d+.*\.sql$/.test(file)).sort();
  return Promise.all(files.map(async (file) => {
    const text = await readFile(join(dir, file), 'utf8');
    const up = text.split(/^-- Down Migration/m)[0]!.split(/^-- Up Migration/m)[1] ?? '';
    return { name: file.replace(/\.sql$/, ''), sql: up };
  }));
}

export type MigrationSql = ReadonlyArray<{ name: string; sql: string }>;

const migrationsTableSql = `CREATE TABLE IF NOT EXISTS pgmigrations (id serial PRIMARY KEY, name varchar(255) NOT NULL, run_on timestamp NOT NULL)`;

/** Every migration in one transaction under the tenant's role, recorded as node-pg-migrate records it. */
export async function migrateDirectly(client: pg.ClientBase, role: string, migrations: MigrationSql): Promise<void> {
  await client.query(`SET ROLE ${id(role)}; SET search_path = ${id(role)}; BEGIN; ${migrationsTableSql}`);
  for (const migration of migrations) {
    await client.query(migration.sql);
    await client.query('INSERT INTO pgmigrations (name, run_on) VALUES ($1, now())', [migration.name]);
  }
  await client.query('COMMIT; RESET ROLE; RESET search_path');
}

const roleSql = (role: string, verifier: string) =>
  `CREATE ROLE ${id(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT CONNECTION LIMIT 100 PASSWORD ${pg.escapeLiteral(verifier)}; ALTER ROLE ${id(role)} SET search_path = ${id(role)}`;

/**
 * The role the operator grants pool tenants their CONNECT through (a membership per tenant: per-tenant
 * grants on the database would rewrite one ACL row and fail when made at once).
 */
export const poolMembersRole = 'tenantry_pool_members';

/** Pool tier over one session connected to the pool database. */
export async function provisionPoolDirectly(session: pg.ClientBase, role: string, verifier: string, migrations: MigrationSql): Promise<void> {
  await session.query(`${roleSql(role, verifier)}; GRANT ${id(poolMembersRole)} TO ${id(role)}; CREATE SCHEMA ${id(role)} AUTHORIZATION ${id(role)}`);
  await migrateDirectly(session, role, migrations);
}

/** Silo tier: the admin session creates the database; a second session (the new database) fills it. */
export async function provisionSiloDirectly(admin: pg.ClientBase, connectTo: (database: string) => Promise<pg.Client>, role: string, verifier: string, migrations: MigrationSql): Promise<void> {
  await admin.query(roleSql(role, verifier));
  await admin.query(`CREATE DATABASE ${id(role)}`);
  await admin.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${id(role)} FROM PUBLIC; GRANT CONNECT ON DATABASE ${id(role)} TO ${id(role)}`);
  const session = await connectTo(role);
  try {
    await session.query(`REVOKE ALL ON SCHEMA public FROM PUBLIC; CREATE SCHEMA ${id(role)} AUTHORIZATION ${id(role)}`);
    await migrateDirectly(session, role, migrations);
  } finally {
    await session.end();
  }
}

