// The master database: its connection pool, its migrations (migrations/platform) and a reachability probe.
import { runner } from 'node-pg-migrate';
import pg from 'pg';
import { detached, withCheckedOutClient, type Logger } from '@tenantry/runtime';

/** What statements run against: the pool, or one client inside a transaction. */
export type Queryable = Pick<pg.ClientBase, 'query'>;

export interface MigrateOptions {
  readonly databaseUrl: string;
  readonly dir: string;
  readonly logger: Logger;
}

/**
 * Applies pending migrations on a connection of its own (the runner sets search_path and never resets
 * it, so a pooled client must not be used). Replicas starting together wait for each other's lock.
 */
export async function migrateMasterDatabase({ databaseUrl, dir, logger }: MigrateOptions): Promise<string[]> {
  const started = Date.now();
  const log = (message: string) => logger.debug('migration runner output', { output: message });
  const applied = await runner({
    databaseUrl,
    dir,
    direction: 'up',
    migrationsTable: 'pgmigrations',
    checkOrder: true,
    singleTransaction: true,
    advisoryLockMode: 'wait',
    logger: { debug: log, info: log, warn: log, error: log },
  });
  const names = applied.map((migration) => migration.name);
  logger.info('master database migrated', { applied: names.length, migrations: names, durationMs: Date.now() - started });
  return names;
}

export interface MasterDatabase {
  readonly pool: pg.Pool;
  /** True when a trivial query answers within the timeout. */
  reachable(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export function createMasterDatabase(databaseUrl: string, logger: Logger, maxConnections = 10): MasterDatabase {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: maxConnections, connectionTimeoutMillis: 5_000, keepAlive: true });
  // An idle client whose server went away emits here; without a listener the process would crash.
  pool.on('error', detached((error: Error) => logger.warn('idle database connection failed', { error })));
  return {
    pool,
    async reachable(timeoutMs = 2_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      try {
        return await Promise.race([pool.query('SELECT 1').then(() => true, () => false), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => pool.end(),
  };
}

/** Runs `fn` in one transaction on one pooled client: committed if it resolves, rolled back if it throws. */
export function withTransaction<T>(pool: pg.Pool, fn: (client: Queryable) => Promise<T>): Promise<T> {
  // A failed transaction's client is destroyed rather than reused (withCheckedOutClient), ROLLBACK or not.
  return withCheckedOutClient<pg.PoolClient, T>(pool, async (client) => {
    await client.query('BEGIN');
    try {
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  });
}

/** SQLSTATE 23503: a row refers to one that does not exist (or no longer does). */
export function isForeignKeyViolation(error: unknown): boolean {
  return (error as { code?: unknown }).code === '23503';
}

/** SQLSTATE 23505: a unique constraint or index refused the row. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown }).code === '23505';
}
