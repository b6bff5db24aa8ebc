// A per-server template database kept migrated to the current tenant migrations, so a new silo
// tenant costs one CREATE DATABASE … TEMPLATE copy whatever the number of migrations.
// The template's objects live in schema `tenantry_template`, owned by a NOLOGIN role; a copy gets
// its schema renamed and its objects reassigned to the tenant's role.
import pg from 'pg';
import { databaseExists, roleAndSuperuser } from './catalog-lookups.js';
import type { MigrationSet } from './migration-catalog.js';
import type { ServerConnections } from './server-connections.js';
import { migrateTenant, type MigrationState } from './tenant-migrations.js';
import type { TenantLayout } from './tenant-storage.js';

const id = (name: string) => pg.escapeIdentifier(name);
export const templateSchema = 'tenantry_template';
export const templateOwner = 'tenantry_template_owner';

export interface SiloTemplate {
  /** Makes sure the template holds `migrations`; returns its migration state. */
  prepare(migrations: MigrationSet): Promise<MigrationState>;
  /** Runs `copy` while no upgrade of the template can start (PostgreSQL refuses to copy a busy template). */
  whileCopying<T>(copy: () => Promise<T>): Promise<T>;
  readonly database: string;
}

const templates = new WeakMap<ServerConnections, Map<string, SiloTemplate>>();

/** One template per server connection set and database name, shared by every reconcile. */
export function siloTemplateFor(server: ServerConnections, database: string): SiloTemplate {
  let byName = templates.get(server);
  if (!byName) {
    byName = new Map<string, SiloTemplate>();
    templates.set(server, byName);
  }
  let template = byName.get(database);
  if (!template) {
    template = createSiloTemplate(server, database);
    byName.set(database, template);
  }
  return template;
}

function createSiloTemplate(server: ServerConnections, database: string): SiloTemplate {
  let current: { latest: string | undefined; state: MigrationState } | undefined;
  let upgrading: Promise<MigrationState> | undefined;
  let copies = 0;
  let copiesDone: (() => void) | undefined;

  const upgrade = async (migrations: MigrationSet): Promise<MigrationState> => {
    while (copies > 0) await new Promise<void>((resolve) => { copiesDone = resolve; });
    await ensureTemplateDatabase(server, database);
    const layout: TenantLayout = { tier: 'silo', database, schema: templateSchema, role: templateOwner };
    try {
      const state = await migrateTenant({ server, layout, dir: migrations.dir, names: migrations.names, ...(migrations.sources ? { sources: migrations.sources } : {}) });
      // Each migration leaves dead catalog rows behind and every copy would carry them: compact the
      // template once per change (a copy of the 50-migration template got ~30 % faster), frozen so that
      // no copy ever has to freeze the rows it inherits.
      if (state.ran.length > 0) await server.withAdmin(database, (client) => client.query('VACUUM (FULL, FREEZE)'));
      return state;
    } finally {
      // CREATE DATABASE … TEMPLATE fails while anyone, the operator included, is connected to it.
      await server.release(database);
    }
  };

  return {
    database,
    async prepare(migrations) {
      // Keyed by the migrations asked for, not the template's own latest: a template that also holds
      // migrations this operator does not know (an older operator after a rollback) is not re-upgraded
      // on every copy; its copies then go through the runner like any other tenant.
      if (current && current.latest === migrations.latest) return current.state;
      upgrading ??= upgrade(migrations).finally(() => { upgrading = undefined; });
      const state = await upgrading;
      current = { latest: migrations.latest, state };
      return state;
    },
    async whileCopying(copy) {
      while (upgrading) await upgrading.catch(() => undefined);
      copies++;
      try {
        return await copy();
      } finally {
        copies--;
        if (copies === 0) copiesDone?.();
      }
    },
  };
}

async function ensureTemplateDatabase(server: ServerConnections, database: string): Promise<void> {
  await server.withAdmin('postgres', async (client) => {
    const owner = await roleAndSuperuser(client, templateOwner);
    if (!owner.exists) await client.query(`CREATE ROLE ${id(templateOwner)} NOLOGIN`).catch(ignoreDuplicate);
    // SET ROLE and REASSIGN OWNED need membership when the admin is not a superuser (e.g. on RDS).
    if (!owner.superuser) await client.query(`GRANT ${id(templateOwner)} TO CURRENT_USER`);
    if (!await databaseExists(client, database)) {
      await client.query(`CREATE DATABASE ${id(database)}`).catch(ignoreDuplicate);
      await client.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${id(database)} FROM PUBLIC;
        COMMENT ON DATABASE ${id(database)} IS 'tenantry: template for silo tenants, kept at the current tenant migrations'`);
    }
  });
  await server.withAdmin(database, (client) => client.query(
    `REVOKE ALL ON SCHEMA public FROM PUBLIC; CREATE SCHEMA IF NOT EXISTS ${id(templateSchema)} AUTHORIZATION ${id(templateOwner)}`));
}

/**
 * Turns a fresh copy of the template into the tenant's storage: rename the schema and hand every
 * object to the tenant role. Safe to repeat: it does nothing once the rename happened.
 */
export async function adoptTemplateCopy(server: ServerConnections, layout: TenantLayout): Promise<boolean> {
  return server.withAdmin(layout.database, async (client) => {
    const { rows } = await client.query<{ nspname: string }>(
      'SELECT nspname FROM pg_namespace WHERE nspname = ANY($1)', [[templateSchema, layout.schema]]);
    const names = rows.map((row) => row.nspname);
    if (!names.includes(templateSchema) || names.includes(layout.schema)) return false;
    // REASSIGN OWNED also covers shared objects; the template owner owns none, only what is in here.
    await client.query(`BEGIN; ALTER SCHEMA ${id(templateSchema)} RENAME TO ${id(layout.schema)};
      REASSIGN OWNED BY ${id(templateOwner)} TO ${id(layout.role)}; COMMIT`);
    return true;
  });
}

function ignoreDuplicate(error: unknown): void {
  const code = (error as { code?: string }).code;
  if (code !== '42710' && code !== '42P04' && code !== '23505') throw error;
}
