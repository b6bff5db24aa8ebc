// Counts the SQL statements PostgreSQL executed, through pg_stat_statements (preloaded by the harness),
// leaving out this module's own queries.
import pg from 'pg';

export interface StatementCounter {
  /** Forgets every count so far. */
  reset(): Promise<void>;
  /** Statements executed since the last reset, with the most frequent ones. */
  count(): Promise<{ total: number; top: Array<{ query: string; calls: number }>; evicted: number }>;
  /** The statements that took the most execution time since the last reset, for a log line. */
  slowest(limit: number): Promise<Array<{ query: string; calls: number; totalMs: number; meanMs: number }>>;
  close(): Promise<void>;
}

const ownQueries = `query NOT LIKE '%pg_stat_statements%'`;

export async function createStatementCounter(adminUrl: string): Promise<StatementCounter> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  let deallocAtReset = 0;
  const dealloc = async () => Number((await client.query<{ dealloc: string }>('SELECT dealloc FROM pg_stat_statements_info')).rows[0]?.dealloc ?? 0);
  return {
    async reset() {
      await client.query('SELECT pg_stat_statements_reset()');
      deallocAtReset = await dealloc();
    },
    async count() {
      const { rows } = await client.query<{ query: string; calls: string }>(
        `SELECT query, calls FROM pg_stat_statements WHERE ${ownQueries} ORDER BY calls DESC`);
      const total = rows.reduce((sum, row) => sum + Number(row.calls), 0);
      const top = rows.slice(0, 5).map((row) => ({ query: row.query.replace(/\s+/g, ' ').slice(0, 80), calls: Number(row.calls) }));
      // Entries pushed out of the table (pg_stat_statements.max) take their counts with them.
      return { total, top, evicted: await dealloc() - deallocAtReset };
    },
    async slowest(limit) {
      const { rows } = await client.query<{ query: string; calls: string; total: number }>(
        `SELECT query, calls, total_exec_time AS total FROM pg_stat_statements WHERE ${ownQueries}`);
      // Utility statements (CREATE ROLE "x" …) are not normalised by PostgreSQL: group them by shape here.
      const groups = new Map<string, { calls: number; totalMs: number }>();
      for (const row of rows) {
        const shape = row.query.replace(/\s+/g, ' ').replace(/"[^"]*"/g, '"…"').replace(/'[^']*'/g, "'…'").replace(/\d+/g, 'N').slice(0, 100);
        const group = groups.get(shape) ?? { calls: 0, totalMs: 0 };
        group.calls += Number(row.calls);
        group.totalMs += row.total;
        groups.set(shape, group);
      }
      return [...groups].sort((a, b) => b[1].totalMs - a[1].totalMs).slice(0, limit)
        .map(([query, { calls, totalMs }]) => ({ query, calls, totalMs, meanMs: totalMs / calls }));
    },
    close: () => client.end(),
  };
}
