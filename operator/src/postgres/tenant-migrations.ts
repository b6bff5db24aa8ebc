// Runs the tenant migrations into one tenant's storage, under the tenant's own role: SQL migrations
// through the short runner in sql-migrations.ts, JavaScript ones through node-pg-migrate.
import { createHash } from 'node:crypto';
import { runner } from 'node-pg-migrate';
import pg from 'pg';
import { TenantryError } from '@tenantry/runtime';
import { readMigrationNames, readSqlMigration, type MigrationSources } from './migration-catalog.js';
import { isConnectionError, type ServerConnections } from './server-connections.js';
import { runSqlMigrations } from './sql-migrations.js';
import type { TenantLayout } from './tenant-storage.js';

export interface MigrationState {
  readonly applied: number;
  readonly latest: string | undefined;
  readonly ran: readonly string[];
}

export class MigrationFailedError extends TenantryError {
  constructor(message: string, options: { cause: unknown }) {
    super('MIGRATION_FAILED', message, options);
  }
}

export interface MigrateOptions {
  readonly server: ServerConnections;
  readonly layout: TenantLayout;
  readonly dir: string;
  /** The migrations in `dir`, in order, when the caller already knows them (the catalog does). */
  readonly names?: readonly string[];
  /** Their SQL as the catalog read it; without it, the files are read. */
  readonly sources?: MigrationSources;
  readonly log?: (message: string) => void;
}

const migrationsTable = 'pgmigrations';

/**
 * node-pg-migrate takes an advisory lock with one fixed id per database, so pool tenants sharing a
 * database would collide; each tenant locks its own id instead.
 */
function lockValueFor(schema: string): number {
  return createHash('sha256').update(`tenantry:${schema}`).digest().readUInt32BE(0);
}

/**
 * Runs on a pooled admin connection switched to the tenant's role (SET LOCAL ROLE on the short path,
 * SET ROLE for node-pg-migrate): every object is created and owned by that role, under its privileges,
 * without paying a fresh SCRAM login per tenant. The session is reset afterwards (node-pg-migrate sets
 * search_path and never resets it); a session that failed mid-way is discarded by the pool instead.
 */
export async function migrateTenant({ server, layout, dir, names, sources, log = () => undefined }: MigrateOptions): Promise<MigrationState> {
  const onDisk = names ?? await readMigrationNames(dir);
  return server.withAdmin(layout.database, async (client) => {
    const sqlOnly = await runSqlOnly(client, layout, sources ?? { sql: (name) => readSqlMigration(dir, name), forget: () => undefined }, onDisk);
    if (sqlOnly) return sqlOnly;
    await client.query(`SET ROLE ${pg.escapeIdentifier(layout.role)}`);
    const state = await runMigrations(client, layout, dir, log);
    await client.query('RESET ROLE; RESET search_path');
    return state;
  });
}

/** The short path for SQL migrations; undefined when a pending one is JavaScript, which node-pg-migrate must run. */
async function runSqlOnly(client: pg.ClientBase, layout: TenantLayout, sources: MigrationSources, names: readonly string[]): Promise<MigrationState | undefined> {
  try {
    return await runSqlMigrations({
      client, role: layout.role, sql: (name) => sources.sql(name), names, schema: layout.schema, table: migrationsTable, lockValue: lockValueFor(layout.schema),
    });
  } catch (error) {
    // A lost connection is the server's trouble, retried; anything else is the migration's, and stalls the tenant.
    if (isConnectionError(error)) throw error;
    // Whoever fixes a migration in place (same folder, same mtime) is read on the next attempt.
    sources.forget();
    throw new MigrationFailedError(`tenant migration failed: ${describeError(error)}`, { cause: error });
  }
}

async function runMigrations(client: pg.ClientBase, layout: TenantLayout, dir: string, log: (message: string) => void): Promise<MigrationState> {
  let ran: string[];
  try {
    const result = await runner({
      dbClient: client,
      dir,
      direction: 'up',
      schema: layout.schema,
      migrationsSchema: layout.schema,
      migrationsTable,
      createSchema: false,
      createMigrationsSchema: false,
      checkOrder: true,
      singleTransaction: true,
      lockValue: lockValueFor(layout.schema),
      logger: { debug: log, info: log, warn: log, error: log },
    });
    ran = result.map((migration) => migration.name);
  } catch (error) {
    throw new MigrationFailedError(`tenant migration failed: ${describeError(error)}`, { cause: error });
  }
  const { rows } = await client.query<{ applied: number; latest: string | null }>(
    `SELECT count(*)::int AS applied, max(name) AS latest FROM ${pg.escapeIdentifier(layout.schema)}.${migrationsTable}`);
  return { applied: rows[0]?.applied ?? 0, latest: rows[0]?.latest ?? undefined, ran };
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code, position } = error as { code?: string; position?: string };
  return [error.message, code ? `(SQLSTATE ${code}${position ? `, position ${position}` : ''})` : ''].filter(Boolean).join(' ');
}
