// withTransaction on a real server: a session ended between two statements (a restart, an administrator) fails the
// transaction, never the process, and the pool keeps serving with fresh sessions.
import { expect } from 'chai';
import pg from 'pg';
import { createTestDatabase, eventually, sharedEnvironment, type TestDatabase } from '@tenantry/harness';
import { withTransaction } from '../../src/database/master-database.js';

describe('master database transactions (integration)', function () {
  this.timeout(60_000);
  let database: TestDatabase;
  let pool: pg.Pool;
  let admin: pg.Client;

  before(async () => {
    database = await createTestDatabase(await sharedEnvironment(), 'transactions');
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
    pool.on('error', () => undefined);
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
  });

  after(async () => {
    await admin?.end();
    await pool?.end();
    await database?.drop();
  });

  it('fails a transaction whose session is ended between two statements, and serves the next one', async () => {
    // Given a transaction that has run one statement and waits before the next, its server session then ended
    const outcome = await withTransaction(pool, async (client) => {
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const pid = rows[0]!.pid;
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      // The FATAL arrives as an 'error' event while no query runs: the moment an unguarded client crashes the process
      await eventually('the server has ended the session', async () =>
        (await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rowCount === 0);
      return client.query('SELECT 1');
    }).then(() => 'committed', (error: unknown) => (error as Error).message);

    // Then the transaction failed, the process lives, and a new transaction gets a working session
    expect(outcome).to.not.equal('committed');
    const { rows } = await withTransaction(pool, (client) => client.query<{ one: number }>('SELECT 1 AS one'));
    expect(rows).to.deep.equal([{ one: 1 }]);
  });
});
