// The backend's authenticator on one server: a LOGIN NOINHERIT role with no privileges and an empty search_path,
// a member of every tenant role being served, so the backend can SET LOCAL ROLE to a tenant per transaction.
import pg from 'pg';
import type { ServerConnections } from './server-connections.js';

const id = (name: string) => pg.escapeIdentifier(name);
const adminDatabase = 'postgres';
const duplicate = new Set(['42710', '23505']);

export interface AuthenticatorRole {
  readonly name: string;
  /** Resolves once the role exists (NOLOGIN until `align` gives it a password); tenant grants wait for it. */
  exists(): Promise<void>;
  /**
   * LOGIN with the password given as its SCRAM verifier; CONNECT on the pool database; and, for tenants provisioned
   * before the role existed (an upgrade), membership in each tenant role with LOGIN and CONNECT on each database a
   * tenant role may enter. Returns how many memberships and database grants it had to add.
   */
  align(verifier: string, poolDatabase: string): Promise<{ memberships: number; databases: number }>;
}

// Attributes that make the role a pure switchboard: NOINHERIT keeps it from using a tenant's privileges without
// switching to that role (PostgreSQL 15 has no per-grant INHERIT/SET options); nothing else is granted to it.
const attributes = 'NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS';

export function createAuthenticatorRole(server: ServerConnections, name: string): AuthenticatorRole {
  let created: Promise<void> | undefined;
  const exists = () => {
    created ??= server.withAdmin(adminDatabase, async (client) => {
      const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name]);
      if (rowCount) return;
      await client.query(`CREATE ROLE ${id(name)} NOLOGIN ${attributes}; ALTER ROLE ${id(name)} SET search_path = ''`).catch((error: unknown) => {
        if (!duplicate.has((error as { code?: string }).code ?? '')) throw error;
      });
    });
    // Only success is remembered: an outage cannot stick.
    created.catch(() => { created = undefined; });
    return created;
  };
  return {
    name,
    exists,
    async align(verifier, poolDatabase) {
      await exists();
      return server.withAdmin(adminDatabase, async (client) => {
        await client.query(`ALTER ROLE ${id(name)} LOGIN ${attributes} PASSWORD ${pg.escapeLiteral(verifier)};
          ALTER ROLE ${id(name)} SET search_path = ''`);
        const missing = await client.query<{ kind: 'role' | 'database'; name: string }>(
          `SELECT 'role' AS kind, rolname AS name FROM pg_roles
             WHERE rolname LIKE 'tenant\\_%' AND rolname NOT LIKE '%$%' AND rolcanlogin AND NOT pg_has_role($1, oid, 'MEMBER')
           UNION ALL
           SELECT 'database', datname FROM pg_database d
             WHERE NOT has_database_privilege($1, d.oid, 'CONNECT') AND (datname = $2 OR EXISTS (
               SELECT 1 FROM aclexplode(d.datacl) acl JOIN pg_roles r ON r.oid = acl.grantee
               WHERE r.rolname LIKE 'tenant\\_%' AND acl.privilege_type = 'CONNECT'))`, [name, poolDatabase]);
        const roles = missing.rows.filter((row) => row.kind === 'role').map((row) => id(row.name));
        const databases = missing.rows.filter((row) => row.kind === 'database').map((row) => id(row.name));
        const grants = [
          ...(roles.length > 0 ? [`GRANT ${roles.join(', ')} TO ${id(name)}`] : []),
          ...(databases.length > 0 ? [`GRANT CONNECT ON DATABASE ${databases.join(', ')} TO ${id(name)}`] : []),
        ];
        if (grants.length > 0) await client.query(grants.join('; '));
        return { memberships: roles.length, databases: databases.length };
      });
    },
  };
}
