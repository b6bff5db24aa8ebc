// The SQL that creates, suspends, retains and drops a tenant's storage and role. Every statement is
// idempotent, and identifiers always go through the driver's escaping.
import pg from 'pg';
import type { AuthenticatorRole } from './authenticator-role.js';
import { databaseExists, roleExists } from './catalog-lookups.js';
import { dropLoginRoles, endLogins, tenantLoginRoles } from './login-roles.js';
import type { RoleCatalog } from './role-catalog.js';
import type { ServerConnections } from './server-connections.js';
import { adoptTemplateCopy, type SiloTemplate } from './silo-template.js';

const id = (name: string) => pg.escapeIdentifier(name);

export interface TenantLayout {
  readonly tier: 'pool' | 'silo';
  /** The tenant's own database (silo) or the server's shared pool database (pool). */
  readonly database: string;
  readonly schema: string;
  readonly role: string;
}

const adminDatabase = 'postgres';
/**
 * Pool tenants reach their shared database through membership in this NOLOGIN role. Granting CONNECT
 * per tenant would rewrite the database's ACL row, and concurrent grants fail with "tuple concurrently
 * updated"; a membership is a row of its own.
 */
export const poolMembersRole = 'tenantry_pool_members';
const duplicateObject = '42710';
const duplicateDatabase = '42P04';
const uniqueViolation = '23505';

function hasCode(error: unknown, ...codes: string[]): boolean {
  return codes.includes((error as { code?: string }).code ?? '');
}

/**
 * The backend's authenticator is a member of exactly the tenant roles being served: granted while the tenant is not
 * suspended, revoked with suspension and retained storage, so a warm backend connection can no longer SET ROLE to a
 * closed tenant. It follows the tenant, not the tenant role's own LOGIN, which a credential rotation moves to an
 * alternate login role.
 */
const membership = (layout: TenantLayout, authenticator: AuthenticatorRole, serving: boolean) => serving
  ? `GRANT ${id(layout.role)} TO ${id(authenticator.name)}`
  : `REVOKE ${id(layout.role)} FROM ${id(authenticator.name)}`;

/**
 * Creates the tenant's role, or aligns an existing one (re-adoption, crash recovery) with the password in the
 * tenant's Secret. The password reaches PostgreSQL only as a SCRAM verifier; `null` removes it (the Secret holds
 * an alternate login role's since a rotation), `undefined` leaves it as it is. Whether the role exists comes from
 * the server's role catalog: a new tenant's role costs one round trip. `serving` (default: `login`) grants the
 * backend's authenticator the role, or revokes it.
 */
export async function ensureRole(
  server: ServerConnections, roles: RoleCatalog, authenticator: AuthenticatorRole, layout: TenantLayout,
  verifier: string | null | undefined, login: boolean, serving = login,
): Promise<void> {
  const attributes = [
    login ? 'LOGIN' : 'NOLOGIN',
    // INHERIT: a pool tenant's CONNECT comes from its membership in the pool members role.
    'NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 100',
    verifier === undefined ? '' : `PASSWORD ${verifier === null ? 'NULL' : pg.escapeLiteral(verifier)}`,
  ].join(' ');
  const [exists, { superuser, quietLogs }] = await Promise.all([roles.has(layout.role), roles.admin(), authenticator.exists()]);
  await server.withAdmin(adminDatabase, async (client) => {
    // A non-superuser admin (e.g. on RDS) must be a member of a role to create a schema it owns.
    const adminMembership = superuser ? '' : `; GRANT ${id(layout.role)} TO CURRENT_USER`;
    // The tenant's rows stay out of the server log: no DETAIL ("Failing row contains …"), no failed statement.
    // Only a superuser (or a role granted SET on them) may; otherwise the server's own settings must do it.
    const logs = quietLogs || superuser
      ? `; ALTER ROLE ${id(layout.role)} SET log_error_verbosity = 'terse'; ALTER ROLE ${id(layout.role)} SET log_min_error_statement = 'panic'`
      : '';
    // One statement list is one transaction: the role and its settings cost a single commit.
    const write = (verb: 'CREATE' | 'ALTER') => client.query(`${verb} ROLE ${id(layout.role)} ${attributes};
      ALTER ROLE ${id(layout.role)} SET search_path = ${id(layout.schema)}; COMMENT ON ROLE ${id(layout.role)} IS NULL${adminMembership}${logs};
      ${membership(layout, authenticator, serving)}`);
    if (exists) {
      await write('ALTER');
      return;
    }
    try {
      await write('CREATE');
    } catch (error) {
      if (!hasCode(error, duplicateObject, uniqueViolation)) throw error;
      // Made by someone else since the catalog was read: read it again next time.
      roles.reset();
      await write('ALTER');
    }
  });
  roles.created(layout.role);
}

/**
 * Creates the tenant's database (silo; copied from `template` when given) or schema in the shared
 * pool database (pool). Returns true when this call copied the template.
 */
export async function ensureStorage(
  server: ServerConnections, authenticator: AuthenticatorRole, layout: TenantLayout, template?: SiloTemplate,
): Promise<boolean> {
  await authenticator.exists();
  let copied = false;
  if (layout.tier === 'silo' && template) {
    copied = await template.whileCopying(() => ensureDatabase(server, layout.database, template.database));
    await adoptTemplateCopy(server, layout);
  } else if (layout.tier === 'silo') {
    await ensureDatabase(server, layout.database);
  } else {
    await ensurePoolDatabase(server, authenticator, layout.database);
  }
  // The authenticator is NOINHERIT: it needs CONNECT of its own to open the backend's sessions.
  const grant = layout.tier === 'silo'
    ? `GRANT CONNECT ON DATABASE ${id(layout.database)} TO ${id(layout.role)}, ${id(authenticator.name)}`
    : `GRANT ${id(poolMembersRole)} TO ${id(layout.role)}`;
  // Grants on roles and databases are cluster-wide, so both go in one commit on the tenant's database.
  await server.withAdmin(layout.database, (client) =>
    client.query(`${grant}; CREATE SCHEMA IF NOT EXISTS ${id(layout.schema)} AUTHORIZATION ${id(layout.role)}`));
  return copied;
}

/** Creates a database nobody but the roles granted CONNECT may enter (PUBLIC keeps CONNECT by default). */
async function ensureDatabase(server: ServerConnections, database: string, template?: string): Promise<boolean> {
  const created = await server.withAdmin(adminDatabase, async (client) => {
    if (await databaseExists(client, database)) return false;
    try {
      await client.query(`CREATE DATABASE ${id(database)}${template ? ` TEMPLATE ${id(template)}` : ''}`);
    } catch (error) {
      if (!hasCode(error, duplicateDatabase, uniqueViolation)) throw error;
      return false;
    }
    return true;
  });
  await server.withAdmin(adminDatabase, (client) =>
    client.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${id(database)} FROM PUBLIC`));
  await server.withAdmin(database, (client) => client.query('REVOKE ALL ON SCHEMA public FROM PUBLIC'));
  return created;
}

const poolDatabasesEnsured = new WeakMap<ServerConnections, Map<string, Promise<unknown>>>();

/** The shared pool database is created once per server; concurrent reconciles share one attempt. */
function ensurePoolDatabase(server: ServerConnections, authenticator: AuthenticatorRole, database: string): Promise<unknown> {
  const create = async () => {
    await ensureDatabase(server, database);
    await server.withAdmin(adminDatabase, async (client) => {
      if (!await roleExists(client, poolMembersRole)) {
        await client.query(`CREATE ROLE ${id(poolMembersRole)} NOLOGIN`).catch((error: unknown) => {
          if (!hasCode(error, duplicateObject, uniqueViolation)) throw error;
        });
      }
      await client.query(`GRANT CONNECT ON DATABASE ${id(database)} TO ${id(poolMembersRole)}, ${id(authenticator.name)}`);
    });
  };
  let ensured = poolDatabasesEnsured.get(server);
  if (!ensured) {
    ensured = new Map<string, Promise<unknown>>();
    poolDatabasesEnsured.set(server, ensured);
  }
  let attempt = ensured.get(database);
  if (!attempt) {
    attempt = create();
    ensured.set(database, attempt);
    attempt.catch(() => ensured.delete(database));
  }
  return attempt;
}

/**
 * Suspension: the tenant's login roles lose LOGIN and their open sessions end, and the authenticator loses its
 * membership (a backend transaction already inside the role finishes; its next SET ROLE fails). The role step gives
 * both back on resume.
 */
export async function suspendLogins(server: ServerConnections, authenticator: AuthenticatorRole, layout: TenantLayout): Promise<void> {
  await authenticator.exists();
  await server.withAdmin(adminDatabase, async (client) => {
    await client.query(membership(layout, authenticator, false));
    await endLogins(client, tenantLoginRoles(layout.role));
  });
}

/**
 * Retain policy: storage and role stay under their names (so re-applying the Tenant re-adopts them),
 * marked with a comment saying whose they were; with `revokeLogin`, the role can no longer log in.
 */
export async function retainStorage(
  server: ServerConnections, authenticator: AuthenticatorRole, layout: TenantLayout, note: string, revokeLogin: boolean,
): Promise<void> {
  await server.withAdmin(adminDatabase, async (client) => {
    if (!await roleExists(client, layout.role)) return;
    await client.query(`COMMENT ON ROLE ${id(layout.role)} IS ${pg.escapeLiteral(note)}`);
    if (layout.tier === 'silo') {
      if (await databaseExists(client, layout.database)) await client.query(`COMMENT ON DATABASE ${id(layout.database)} IS ${pg.escapeLiteral(note)}`);
    }
    if (revokeLogin) {
      await client.query(membership(layout, authenticator, false));
      await endLogins(client, tenantLoginRoles(layout.role));
    }
  });
}

/**
 * Delete policy: block new connections, end open ones, then drop storage and role. DROP DATABASE
 * fails while sessions are open, so both steps are needed (FORCE also covers a session racing in).
 */
export async function dropStorage(server: ServerConnections, roles: RoleCatalog, layout: TenantLayout): Promise<void> {
  const hadRole = await server.withAdmin(adminDatabase, async (client) => {
    const exists = await roleExists(client, layout.role);
    if (exists) await endLogins(client, tenantLoginRoles(layout.role));
    return exists;
  });
  if (layout.tier === 'silo') {
    await server.release(layout.database);
    await server.withAdmin(adminDatabase, async (client) => {
      if (!await databaseExists(client, layout.database)) return;
      await client.query(`ALTER DATABASE ${id(layout.database)} ALLOW_CONNECTIONS false`);
      await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [layout.database]);
      await client.query(`DROP DATABASE IF EXISTS ${id(layout.database)} WITH (FORCE)`);
    });
  } else if (hadRole) {
    await server.withAdmin(layout.database, (client) =>
      client.query(`DROP SCHEMA IF EXISTS ${id(layout.schema)} CASCADE; DROP OWNED BY ${id(layout.role)}`));
  }
  if (hadRole) {
    await dropLoginRoles(server, roles, layout.role, layout.tier === 'pool' ? [layout.database] : []);
    await server.withAdmin(adminDatabase, (client) =>
      client.query(`DROP OWNED BY ${id(layout.role)}; DROP ROLE IF EXISTS ${id(layout.role)}`));
    roles.dropped(layout.role);
  }
}
