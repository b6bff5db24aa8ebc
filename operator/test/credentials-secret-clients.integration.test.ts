// Every connection key of a tenant's credentials Secret, read by the clients applications really use: psql
// (libpq, as psycopg and Ruby pg), node-postgres, the PostgreSQL JDBC driver, and libpq's password file.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import pg from 'pg';
import {
  createTenant, deleteTenant, ensureDatabaseServer, eventually, jdbcDriverJar, postgresTool, readCredentials, repositoryRoot, sharedEnvironment,
  startOperator, uniqueTenantName, waitForReady, type Environment, type OperatorProcess,
} from '@tenantry/harness';
import { jdbcUri, libpqUri, pgpassLine } from '../src/kube/connection-strings.js';

const run = promisify(execFile);
const identityQuery = "SELECT current_user || ' ' || current_database() || ' ' || current_schema()";
const jdbcProbe = join(repositoryRoot, 'operator', 'test', 'support', 'JdbcConnect.java');

/** psql with no startup file, unaligned tuples only: prints "user database schema". */
async function psql(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const { stdout } = await run(postgresTool('psql'), ['-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', ...args, '-c', identityQuery], {
    env: { PATH: process.env['PATH'], ...env },
  });
  return stdout.trim();
}

async function jdbc(url: string): Promise<string> {
  const { stdout } = await run('java', ['-cp', jdbcDriverJar(), jdbcProbe, url]);
  return stdout.trim().replaceAll('\t', ' ');
}

async function viaPgpassFile(pgpass: string, target: { host: string; port: number; database: string; username: string }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tenantry-pgpass-'));
  try {
    // libpq ignores a password file that others can read.
    await writeFile(join(dir, 'pgpass'), pgpass, { mode: 0o600 });
    return await psql(['-h', target.host, '-p', String(target.port), '-d', target.database, '-U', target.username, '-w'],
      { PGPASSFILE: join(dir, 'pgpass') });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('the credentials Secret read by real PostgreSQL clients', function () {
  this.timeout(120_000);
  let env: Environment;
  let operator: OperatorProcess;
  const tenants = { pool: uniqueTenantName('clients-pool'), silo: uniqueTenantName('clients-silo') };

  before(async () => {
    env = await sharedEnvironment();
    await ensureDatabaseServer(env);
    operator = await startOperator(env);
    await Promise.all(Object.entries(tenants).map(([tier, name]) => createTenant(env, name, { tier: tier as 'pool' | 'silo' })));
    await Promise.all(Object.values(tenants).map((name) => waitForReady(env, name)));
  });

  after(async () => {
    await Promise.all(Object.values(tenants).map((name) => deleteTenant(env, name).catch(() => undefined)));
    await operator?.stop();
  });

  for (const tier of ['pool', 'silo'] as const) {
    it(`lets psql, node-postgres, JDBC and a password file log in to a ${tier} tenant's own schema`, async () => {
      const credentials = await readCredentials(env, tenants[tier]);
      const expected = `${credentials.username} ${credentials.database} ${credentials.schema}`;
      expect(credentials.dbname).to.equal(credentials.database);

      // libpq decodes the URI itself: `options=-c search_path=…` must survive its percent-decoding
      expect(await psql([credentials.uri])).to.equal(expected);
      const client = new pg.Client({ connectionString: credentials.uri });
      await client.connect();
      try {
        const { rows } = await client.query<{ who: string }>(`${identityQuery} AS who`);
        expect(rows[0]?.who).to.equal(expected);
      } finally {
        await client.end();
      }
      expect(await jdbc(credentials.jdbcUri)).to.equal(expected);
      // The password file gives the login; the role's own search_path gives the schema.
      expect(await viaPgpassFile(credentials.pgpass, credentials)).to.equal(expected);
    });
  }

  it('lets every client log in with a rotated Secret, as the alternate login role acting as the tenant role', async () => {
    // given the pool tenant rotated once (its login is now tenant_…$a)
    const before = await readCredentials(env, tenants.pool);
    const annotate = await env.kubectl(['annotate', 'tenant', tenants.pool, `tenantry.dev/rotate-credentials=${Date.now()}`, '--overwrite']);
    expect(annotate.code, annotate.stderr).to.equal(0);
    const credentials = await eventually('the Secret switches to the alternate login role', async () => {
      const current = await readCredentials(env, tenants.pool);
      return current.username === `${before.username}$a` ? current : undefined;
    });
    // then each client logs in as it, and every session acts as the tenant role in the tenant's schema
    const expected = `${before.username} ${credentials.database} ${credentials.schema}`;
    expect(await psql([credentials.uri])).to.equal(expected);
    expect(await jdbc(credentials.jdbcUri)).to.equal(expected);
    expect(await viaPgpassFile(credentials.pgpass, credentials)).to.equal(expected);
  });

  it('encodes every character a password or name may hold so each client reads back the same login', async () => {
    // Given a role whose password holds every character that means something in a URI, a JDBC URL or .pgpass
    const username = `uri_probe_${randomBytes(3).toString('hex')}`;
    const password = 'p@ss:w+rd %2B/?#\\&=;\'"é';
    const admin = new pg.Client({ connectionString: env.postgres.url });
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE ${pg.escapeIdentifier(username)} LOGIN PASSWORD ${pg.escapeLiteral(password)}`);
      // The operator closes `postgres` to PUBLIC on the servers it manages, this shared one included.
      await admin.query(`GRANT CONNECT ON DATABASE postgres TO ${pg.escapeIdentifier(username)}`);
      const credentials = {
        host: env.postgres.host, port: env.postgres.port, database: 'postgres', schema: 'public', username, password, sslMode: 'disable',
      };
      const expected = `${username} postgres public`;

      // Then psql, JDBC and libpq's password file each log in with it
      expect(await psql([libpqUri(credentials)])).to.equal(expected);
      expect(await jdbc(jdbcUri(credentials))).to.equal(expected);
      expect(await viaPgpassFile(`${pgpassLine(credentials)}\n`, credentials)).to.equal(expected);
    } finally {
      await admin.query(`REVOKE CONNECT ON DATABASE postgres FROM ${pg.escapeIdentifier(username)}; DROP ROLE IF EXISTS ${pg.escapeIdentifier(username)}`);
      await admin.end();
    }
  });
});
