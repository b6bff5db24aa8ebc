// A fresh master database per suite on the harness PostgreSQL, created by the superuser and dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Environment } from '../environment.js';

export interface TestDatabase {
  readonly name: string;
  /** Superuser URL to this database. */
  readonly url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(env: Environment, prefix = 'platform'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await superuser(env, `CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  const url = new URL(env.postgres.url);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => superuser(env, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`),
  };
}

async function superuser(env: Environment, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: env.postgres.url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
