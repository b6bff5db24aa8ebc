// The catalog questions the operator asks PostgreSQL before it changes anything: does a role or a database
// exist, and what may the admin itself do. Each lookup has this one home.
import type pg from 'pg';

/** Whether `role` exists on the server (roles are cluster-wide: any database answers). */
export async function roleExists(client: pg.ClientBase, role: string): Promise<boolean> {
  const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  return Boolean(rowCount);
}

/** Whether `role` exists and its LOGIN attribute already is `login`. */
export async function roleHasLogin(client: pg.ClientBase, role: string, login: boolean): Promise<boolean> {
  const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1 AND rolcanlogin = $2', [role, login]);
  return Boolean(rowCount);
}

export async function databaseExists(client: pg.ClientBase, database: string): Promise<boolean> {
  const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  return Boolean(rowCount);
}

export interface RoleAndAdmin {
  /** The role asked about exists. */
  readonly exists: boolean;
  /** The admin is a superuser; otherwise (e.g. on RDS) it needs memberships to own what it creates. */
  readonly superuser: boolean;
  /** The admin may set the log settings that keep a tenant's rows out of the server log. */
  readonly quietLogs: boolean;
}

/** One round trip: whether `role` exists and what the connected admin may do. */
export async function roleAndAdmin(client: pg.ClientBase, role: string): Promise<RoleAndAdmin> {
  const { rows } = await client.query<RoleAndAdmin>(
    `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS exists,
            (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
            has_parameter_privilege('log_error_verbosity', 'SET') AND has_parameter_privilege('log_min_error_statement', 'SET') AS "quietLogs"`,
    [role]);
  return rows[0] ?? { exists: false, superuser: false, quietLogs: false };
}
