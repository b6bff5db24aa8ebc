// The "alternating users" of credential rotation: PostgreSQL keeps one password per role, so a tenant rotates
// between two LOGIN roles that are members of its own role. A session of either acts as the tenant role itself
// (their `role` setting), so what they create belongs to the tenant role and survives the next rotation.
import pg from 'pg';
import type { RoleCatalog } from './role-catalog.js';
import type { ServerConnections } from './server-connections.js';
import type { TenantLayout } from './tenant-storage.js';

const id = (name: string) => pg.escapeIdentifier(name);
const adminDatabase = 'postgres';
const duplicateObject = '42710';
const uniqueViolation = '23505';

/**
 * `$` never appears in a tenant role (tenant_ plus letters, digits and `_`), so no tenant's name can collide with
 * another's login roles; PostgreSQL allows it in an unquoted identifier.
 */
const suffixes = ['$a', '$b'] as const;

/** The two login roles a tenant role rotates between. */
export function alternateLoginRoles(owner: string): readonly [string, string] {
  return [`${owner}${suffixes[0]}`, `${owner}${suffixes[1]}`];
}

/** The roles that may hold the tenant's login: the tenant role itself (never rotated yet) and its alternates. */
export function tenantLoginRoles(owner: string): readonly string[] {
  return [owner, ...alternateLoginRoles(owner)];
}

/** The login role a rotation moves to: never the one in use now. */
export function nextLoginRole(owner: string, current: string): string {
  const [first, second] = alternateLoginRoles(owner);
  return current === first ? second : first;
}

/**
 * Creates or aligns one of the tenant's alternate login roles: LOGIN (unless `login` is false) with the password
 * given as its SCRAM verifier, a member of the tenant role, and acting as it from the start of every session.
 */
export async function ensureLoginRole(
  server: ServerConnections, roles: RoleCatalog, layout: TenantLayout, name: string, verifier: string, login: boolean,
): Promise<void> {
  const attributes = `${login ? 'LOGIN' : 'NOLOGIN'} NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 100 PASSWORD ${pg.escapeLiteral(verifier)}`;
  const [exists, { superuser, quietLogs }] = await Promise.all([roles.has(name), roles.admin()]);
  const logs = quietLogs || superuser
    ? `; ALTER ROLE ${id(name)} SET log_error_verbosity = 'terse'; ALTER ROLE ${id(name)} SET log_min_error_statement = 'panic'`
    : '';
  // One statement list is one transaction: the role is never seen half set up.
  const write = (verb: 'CREATE' | 'ALTER') => server.withAdmin(adminDatabase, (client) => client.query(`${verb} ROLE ${id(name)} ${attributes};
    GRANT ${id(layout.role)} TO ${id(name)}; ALTER ROLE ${id(name)} SET role = ${pg.escapeLiteral(layout.role)};
    ALTER ROLE ${id(name)} SET search_path = ${id(layout.schema)}${logs}`));
  if (exists) {
    await write('ALTER');
  } else {
    await write('CREATE').catch(async (error: unknown) => {
      const code = (error as { code?: string }).code;
      if (code !== duplicateObject && code !== uniqueViolation) throw error;
      roles.reset();
      await write('ALTER');
    });
  }
  roles.created(name);
}

/** Ends logins as any of `names` that exist: LOGIN taken away, their open sessions terminated. */
export async function endLogins(client: pg.ClientBase, names: readonly string[]): Promise<void> {
  const { rows } = await client.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname = ANY($1) AND rolcanlogin', [names]);
  if (rows.length > 0) await client.query(rows.map(({ rolname }) => `ALTER ROLE ${id(rolname)} NOLOGIN`).join('; '));
  await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ANY($1) AND pid <> pg_backend_pid()', [names]);
}

/** The grace period is over: the previous login role stops logging in and its sessions end. */
export async function retireLoginRole(server: ServerConnections, name: string): Promise<void> {
  await server.withAdmin(adminDatabase, (client) => endLogins(client, [name]));
}

/** Drops the alternates of a tenant role being dropped, with whatever they own in `databases`. */
export async function dropLoginRoles(server: ServerConnections, roles: RoleCatalog, owner: string, databases: readonly string[]): Promise<void> {
  const alternates = alternateLoginRoles(owner);
  const existing = await server.withAdmin(adminDatabase, async (client) => {
    const { rows } = await client.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname = ANY($1)', [alternates]);
    return rows.map((row) => row.rolname);
  });
  if (existing.length === 0) return;
  const owned = `DROP OWNED BY ${existing.map(id).join(', ')}`;
  for (const database of databases) await server.withAdmin(database, (client) => client.query(owned));
  await server.withAdmin(adminDatabase, (client) => client.query(`${owned}; ${existing.map((name) => `DROP ROLE IF EXISTS ${id(name)}`).join('; ')}`));
  for (const name of existing) roles.dropped(name);
}
