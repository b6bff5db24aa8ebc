// Writes many entries straight into a tenant's storage with its own Secret credentials, in one INSERT, and
// says which rows each filter must return.
import pg from 'pg';
import type { Environment } from '@tenantry/harness';
import { readCredentials } from '@tenantry/harness';

export interface BulkEntry {
  readonly n: number;
  readonly id: string;
  readonly status: string;
  readonly tags: readonly string[];
  readonly author: string;
  /** Seconds after 2026-01-01T00:00:00Z (whole part), ten entries per second, some one microsecond apart. */
  readonly second: number;
  readonly alpha: boolean;
}

export const bulkBase = Date.parse('2026-01-01T00:00:00Z');

/** Entry n (1…count): status by n % 3, tag "even" for even n, "five" for multiples of 5, author by n % 4, "alpha" in the body of multiples of 7. */
export async function insertBulkEntries(env: Environment, tenant: string, count: number): Promise<BulkEntry[]> {
  const credentials = await readCredentials(env, tenant);
  const client = new pg.Client({
    host: credentials.host, port: credentials.port, database: credentials.database, user: credentials.username, password: credentials.password,
  });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; n: number }>(`
      INSERT INTO entries (title, body, status, tags, author, created_at, updated_at)
      SELECT 'Entry ' || lpad(n::text, 6, '0'),
             CASE WHEN n % 7 = 0 THEN 'alpha words' ELSE 'plain words' END,
             (ARRAY['draft', 'published', 'archived'])[n % 3 + 1],
             ARRAY['all'] || CASE WHEN n % 2 = 0 THEN ARRAY['even'] ELSE '{}'::text[] END
                          || CASE WHEN n % 5 = 0 THEN ARRAY['five'] ELSE '{}'::text[] END,
             CASE WHEN n % 4 = 0 THEN 'carol@bulk.example' ELSE 'dave@bulk.example' END,
             ts, ts
      FROM generate_series(1, $1::int) AS n,
           LATERAL (SELECT timestamptz '2026-01-01 00:00:00+00' + (n / 10) * interval '1 second' + (n % 2) * interval '1 microsecond' AS ts) AS t
      RETURNING id, substring(title from 7)::int AS n`, [count]);
    return rows.map(({ id, n }) => ({
      n, id,
      status: ['draft', 'published', 'archived'][n % 3]!,
      tags: ['all', ...(n % 2 === 0 ? ['even'] : []), ...(n % 5 === 0 ? ['five'] : [])],
      author: n % 4 === 0 ? 'carol@bulk.example' : 'dave@bulk.example',
      second: Math.floor(n / 10),
      alpha: n % 7 === 0,
    }));
  } finally {
    await client.end();
  }
}
