// The backend's authenticator on a real PostgreSQL: a member of exactly the tenant roles being served, roles made
// before it existed included (an upgrade), CONNECT where their databases are closed to PUBLIC, and nothing of its own.
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import pg from 'pg';
import { sharedEnvironment, type Environment } from '@tenantry/harness';
import { authenticatorRoleName } from '@tenantry/runtime';
import { generatePassword, scramSha256Verifier } from '../src/postgres/scram-verifier.js';
import { createServerConnections, type ServerConnections } from '../src/postgres/server-connections.js';
import { createServerStorage, type ServerStorage } from '../src/postgres/server-storage.js';
import type { TenantLayout } from '../src/postgres/tenant-storage.js';

describe('the backend authenticator role (integration, PostgreSQL)', function () {
  this.timeout(60_000);
  const suffix = randomBytes(3).toString('hex');
  const server = `authenticator-test-${suffix}`;
  const role = authenticatorRoleName(server);
  const password = generatePassword();
  // Provisioned "before the upgrade": a serving tenant in its own database, and a suspended one.
  const serving: TenantLayout = { tier: 'silo', database: `tenant_up_${suffix}`, schema: `tenant_up_${suffix}`, role: `tenant_up_${suffix}` };
  const suspended = `tenant_sus_${suffix}`;
  let env: Environment;
  let connections: ServerConnections;
  let storage: ServerStorage;
  let admin: pg.Client;

  const isMember = async (tenantRole: string) =>
    (await admin.query<{ member: boolean }>('SELECT pg_has_role($1, $2, \'MEMBER\') AS member', [role, tenantRole])).rows[0]?.member;

  before(async () => {
    env = await sharedEnvironment();
    admin = new pg.Client({ connectionString: env.postgres.url });
    await admin.connect();
    const id = pg.escapeIdentifier;
    await admin.query(`CREATE ROLE ${id(serving.role)} LOGIN; CREATE ROLE ${id(suspended)} NOLOGIN`);
    await admin.query(`CREATE DATABASE ${id(serving.database)}`);
    await admin.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${id(serving.database)} FROM PUBLIC;
      GRANT CONNECT ON DATABASE ${id(serving.database)} TO ${id(serving.role)}`);
    connections = createServerConnections({
      host: env.postgres.host, port: env.postgres.port, sslMode: 'disable', username: env.postgres.superuser, password: env.postgres.password,
    });
    storage = createServerStorage(connections, { templateDatabase: `tmpl_${suffix}`, poolDatabase: `pool_${suffix}`, authenticatorRole: role });
    await connections.withAdmin(serving.database, (client) => client.query(`CREATE SCHEMA ${id(serving.schema)} AUTHORIZATION ${id(serving.role)}`));
  });

  after(async () => {
    await connections?.close();
    const id = pg.escapeIdentifier;
    try {
      await admin?.query(`DROP DATABASE IF EXISTS ${id(serving.database)} WITH (FORCE)`);
      // The upgrade backfill granted it CONNECT on every tenant database of the shared server: DROP OWNED revokes
      // privileges on shared objects too.
      await admin?.query(`DROP OWNED BY ${id(role)}; DROP ROLE IF EXISTS ${id(serving.role)}; DROP ROLE IF EXISTS ${id(suspended)}; DROP ROLE IF EXISTS ${id(role)}`);
    } finally {
      // An open client would take a later test's PostgreSQL restart for an uncaught error.
      await admin?.end();
    }
  });

  it('joins the tenant roles that may log in, enters their databases, and leaves the suspended one out', async () => {
    const added = await storage.alignAuthenticator(await scramSha256Verifier(password));

    expect(added.memberships).to.be.at.least(1);
    expect(await isMember(serving.role)).to.equal(true);
    expect(await isMember(suspended)).to.equal(false);
    const { rows } = await admin.query<{ rolinherit: boolean; rolcanlogin: boolean; rolconfig: string[] }>(
      'SELECT rolinherit, rolcanlogin, rolconfig FROM pg_roles WHERE rolname = $1', [role]);
    expect(rows[0]).to.deep.include({ rolinherit: false, rolcanlogin: true, rolconfig: ['search_path=""'] });
  });

  it('logs in with the Secret\'s password, uses a tenant role only after switching to it, and owns nothing', async () => {
    const client = new pg.Client({ host: env.postgres.host, port: env.postgres.port, database: serving.database, user: role, password });
    await client.connect();
    try {
      await client.query(`SET ROLE ${pg.escapeIdentifier(serving.role)}`);
      const table = `${pg.escapeIdentifier(serving.schema)}.owned_by_tenant`;
      await client.query(`CREATE TABLE ${table} (id int)`);
      await client.query('RESET ROLE');
      // NOINHERIT: without the switch, the tenant's table is out of reach.
      const sqlState = (work: Promise<unknown>) => work.then(() => undefined, (error: unknown) => (error as { code?: string }).code);
      expect(await sqlState(client.query(`SELECT * FROM ${table}`))).to.equal('42501');
      expect(await sqlState(client.query(`SET ROLE ${pg.escapeIdentifier(suspended)}`))).to.equal('42501');
    } finally {
      await client.end();
    }
  });

  it('adds nothing the second time, and follows the tenant: revoked at suspension, granted back at resume', async () => {
    expect(await storage.alignAuthenticator(await scramSha256Verifier(password))).to.deep.equal({ memberships: 0, databases: 0 });

    await storage.suspendLogins(serving);
    expect(await isMember(serving.role)).to.equal(false);

    // Resume, as the role step does it; then a rotation moves LOGIN to an alternate login role, and the
    // authenticator keeps its membership in the tenant role, which no longer logs in itself.
    await storage.ensureRole(serving, undefined, true);
    expect(await isMember(serving.role)).to.equal(true);
    await storage.ensureRole(serving, null, false, true);
    expect(await isMember(serving.role)).to.equal(true);
  });
});
