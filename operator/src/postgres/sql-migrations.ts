// Applies SQL migration files the way node-pg-migrate does — same file format, same `pgmigrations`
// bookkeeping, same order check, same advisory-lock id space — in one round trip per migration plus one.
// node-pg-migrate spends about ten round trips per tenant (two of them information_schema scans that
// grow with the number of schemas in a pool database) and re-reads every migration file each time (the
// catalog reads each once);
// at a thousand tenants per roll-out that was most of the operator's cost.
import pg from 'pg';

export interface SqlMigrationRun {
  /** An admin session outside any transaction; the migrations run under `role` (SET LOCAL ROLE). */
  readonly client: pg.ClientBase;
  readonly role: string;
  /** The Up section of a .sql migration by name; undefined when it is not a .sql file. */
  readonly sql: (name: string) => Promise<string | undefined>;
  /** Every migration on disk, in order: file names without their extension. */
  readonly names: readonly string[];
  readonly schema: string;
  readonly table: string;
  readonly lockValue: number;
}

export interface SqlMigrationResult {
  readonly applied: number;
  readonly latest: string | undefined;
  readonly ran: readonly string[];
}

const id = (name: string) => pg.escapeIdentifier(name);

/** node-pg-migrate's reading of a .sql file: the text from "-- Up Migration" to "-- Down Migration". */
export function upSection(content: string): string {
  const marker = (direction: string) => new RegExp(`^\\s*--[\\s-]*${direction}\\s+migration`, 'im');
  const up = content.search(marker('up'));
  const down = content.search(marker('down'));
  if (up < 0) return content;
  return content.slice(up, down < up ? undefined : down);
}

/**
 * Runs the migrations the tenant lacks in one transaction. Resolves undefined, having changed nothing,
 * when one of them is not a .sql file (a JavaScript migration): node-pg-migrate must run those.
 */
export async function runSqlMigrations({ client, role, sql, names, schema, table, lockValue }: SqlMigrationRun): Promise<SqlMigrationResult | undefined> {
  const qualified = `${id(schema)}.${id(table)}`;
  // LOCAL settings end with the transaction, whichever way it ends: the pooled session comes back clean.
  // A transaction-level lock conflicts with node-pg-migrate's session-level lock on the same id.
  try {
    const results = await client.query(`BEGIN; SET LOCAL ROLE ${id(role)}; SET LOCAL search_path TO ${id(schema)}; SELECT pg_advisory_xact_lock(${lockValue});
      CREATE TABLE IF NOT EXISTS ${qualified} (id SERIAL PRIMARY KEY, name varchar(255) NOT NULL, run_on timestamp NOT NULL);
      SELECT name FROM ${qualified} ORDER BY run_on, id`) as unknown as Array<pg.QueryResult<{ name: string }>>;
    const runNames = results.at(-1)!.rows.map((row) => row.name);
    checkOrder(runNames, names);
    const pending = names.filter((name) => !runNames.includes(name));
    const sources = await Promise.all(pending.map((name) => sql(name)));
    if (sources.some((source) => source === undefined)) {
      await client.query('ROLLBACK');
      return undefined;
    }
    for (const [index, name] of pending.entries()) {
      // The migration first, so a syntax error's position points into its own text.
      const last = index === pending.length - 1;
      await client.query(`${sources[index]!}\n;\nINSERT INTO ${qualified} (name, run_on) VALUES (${pg.escapeLiteral(name)}, NOW())${last ? ';\nCOMMIT' : ''}`);
    }
    if (pending.length === 0) await client.query('COMMIT');
    const all = [...runNames, ...pending];
    return { applied: all.length, latest: all.reduce<string | undefined>((max, name) => (max === undefined || name > max ? name : max), undefined), ran: pending };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** The same check as node-pg-migrate's checkOrder: what ran must be a prefix of what is on disk. */
function checkOrder(runNames: readonly string[], names: readonly string[]): void {
  for (let i = 0; i < Math.min(runNames.length, names.length); i++) {
    if (runNames[i] !== names[i]) throw new Error(`Not run migration ${names[i]} is preceding already run migration ${runNames[i]}`);
  }
}
