// The harness's PostgreSQL is a real server with password authentication.
import { expect } from 'chai';
import pg from 'pg';
import { sharedEnvironment, type Environment } from '../src/index.js';

describe('postgres (integration)', function () {
  this.timeout(60_000);
  let env: Environment;

  before(async () => {
    env = await sharedEnvironment();
  });

  it('creates a database, then a table in it, with the superuser URL', async () => {
    const admin = new pg.Client({ connectionString: env.postgres.url });
    await admin.connect();
    try {
      await admin.query('CREATE DATABASE harness_check');
    } finally {
      await admin.end();
    }
    const url = new URL(env.postgres.url);
    url.pathname = '/harness_check';
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      await client.query('CREATE TABLE notes (id int primary key, body text)');
      await client.query("INSERT INTO notes VALUES (1, 'hello')");
      const { rows } = await client.query<{ body: string; db: string }>('SELECT body, current_database() AS db FROM notes');
      expect(rows).to.deep.equal([{ body: 'hello', db: 'harness_check' }]);
    } finally {
      await client.end();
    }
  });

  it('refuses a wrong password', async () => {
    const url = new URL(env.postgres.url);
    url.password = 'wrong';
    const client = new pg.Client({ connectionString: url.toString() });
    let message = '';
    await client.connect().catch((error: Error) => { message = error.message; });
    expect(message).to.match(/password authentication failed for user "postgres"/);
  });
});
