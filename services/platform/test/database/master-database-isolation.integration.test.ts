// The master database is closed to every login the platform did not grant CONNECT: a tenant's own
// credentials, on a server that also holds the master database, cannot even open a session there.
import { expect } from 'chai';
import pg from 'pg';
import {
  createTenant, createTestDatabase, deleteTenant, ensureDatabaseServer, readCredentials, sharedEnvironment, startOperator, uniqueTenantName,
  waitForReady, type Environment, type OperatorProcess, type TestDatabase,
} from '@tenantry/harness';
import { migrate } from '../support/policy-stack.js';

describe('master database isolation (integration)', function () {
  this.timeout(120_000);
  let env: Environment;
  let database: TestDatabase;
  let operator: OperatorProcess;
  const tenant = uniqueTenantName('master-iso');

  before(async () => {
    env = await sharedEnvironment();
    await ensureDatabaseServer(env);
    database = await createTestDatabase(env, 'isolated');
    await migrate(database.url);
    operator = await startOperator(env);
    await createTenant(env, tenant, { tier: 'pool' });
    await waitForReady(env, tenant);
  });

  after(async () => {
    await deleteTenant(env, tenant).catch(() => undefined);
    await operator?.stop();
    await database?.drop();
  });

  it('refuses a tenant login at the master database, and still admits the role that migrated it', async () => {
    const credentials = await readCredentials(env, tenant);
    const client = new pg.Client({
      host: credentials.host, port: credentials.port, database: database.name, user: credentials.username, password: credentials.password,
    });
    const refused = await client.connect().then(() => undefined, (error: unknown) => error as Error);
    await client.end().catch(() => undefined);
    expect(refused?.message).to.match(/permission denied for database/);

    const owner = new pg.Client({ connectionString: database.url });
    await owner.connect();
    try {
      const { rows } = await owner.query<{ n: number }>('SELECT count(*)::int AS n FROM roles');
      expect(rows[0]?.n).to.be.greaterThan(0);
    } finally {
      await owner.end();
    }
  });
});
