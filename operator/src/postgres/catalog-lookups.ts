// The catalog questions the operator asks PostgreSQL before it changes anything: does a role or a database
// exist, and what may the admin itself do. Each lookup has this one home.
import type pg from 'pg';

/** Whether `role` exists on the server (roles are cluster-wide: any database answers). */
export async function roleExists(client: pg.ClientBase, role: string): Promise<boolean> {
  const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  return Boolean(rowCount);
}

/** The names of the roles matching a LIKE pattern. */
export async function tenantRoleNames(client: pg.ClientBase, pattern: string): Promise<string[]> {
  const { rows } = await client.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname LIKE $1', [pattern]);
  return rows.map((row) => row.rolname);
}

export async function databaseExists(client: pg.ClientBase, database: string): Promise<boolean> {
  const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  return Boolean(rowCount);
}

export interface AdminRights {
  /** The admin is a superuser; otherwise (e.g. on RDS) it needs memberships to own what it creates. */
  readonly superuser: boolean;
  /** The admin may set the log settings that keep a tenant's rows out of the server log. */
  readonly quietLogs: boolean;
}

export async function adminRights(client: pg.ClientBase): Promise<AdminRights> {
  const { rows } = await client.query<AdminRights>(
    `SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
            has_parameter_privilege('log_error_verbosity', 'SET') AND has_parameter_privilege('log_min_error_statement', 'SET') AS "quietLogs"`);
  return rows[0] ?? { superuser: false, quietLogs: false };
}

/** One round trip: whether `role` exists and whether the connected admin is a superuser. */
export async function roleAndSuperuser(client: pg.ClientBase, role: string): Promise<{ exists: boolean; superuser: boolean }> {
  const { rows } = await client.query<{ exists: boolean; superuser: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS exists,
            (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser`, [role]);
  return rows[0] ?? { exists: false, superuser: false };
}
