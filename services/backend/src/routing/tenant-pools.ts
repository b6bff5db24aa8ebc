// One pg.Pool per active tenant, in an LRU bounded by a pool count and a global connection budget.
import pg from 'pg';
import { detached, type Datasource, type Logger } from '@tenantry/runtime';
import { BackendError } from '../backend-error.js';

export interface TenantPools {
  /** Runs `fn` on the tenant's pool (opened on first use); the pool is busy, so never evicted, until `fn` settles. */
  use<T>(datasource: Datasource, fn: (pool: pg.Pool) => Promise<T>): Promise<T>;
  /** Closes the tenant's pool, ending its connections (credentials rotated, tenant closed). */
  drop(tenant: string): Promise<void>;
  openPools(): number;
  /** Connections open now over every pool. */
  connections(): number;
  close(): Promise<void>;
}

export interface TenantPoolsOptions {
  readonly maxPools: number;
  /** The budget: the pools' `max` never add up to more. */
  readonly maxConnections: number;
  readonly maxPerTenant: number;
  /** A pool unused this long is closed; its idle connections go after the same time. */
  readonly idleTimeoutMs: number;
  /** How long a new tenant waits for a busy pool to become evictable before a 503. */
  readonly acquireTimeoutMs?: number;
  readonly applicationName: string;
  readonly onEvicted: () => void;
  readonly logger: Logger;
}

interface PoolEntry {
  readonly tenant: string;
  readonly pool: pg.Pool;
  readonly max: number;
  /** Who the pool logs in as: details from a refetch that differ open a new pool. */
  readonly fingerprint: string;
  /** Resolves once every connection the pool ever opened has closed its socket. */
  readonly socketsClosed: () => Promise<void>;
  busy: number;
  lastUsed: number;
  /** Set while the pool is being closed and still busy: called when its last request settles. */
  onIdle?: () => void;
}

export function createTenantPools(options: TenantPoolsOptions): TenantPools {
  const { maxPools, maxConnections, maxPerTenant, idleTimeoutMs, acquireTimeoutMs = 5_000, applicationName, onEvicted, logger } = options;
  // Map order is the LRU order: the first entry is the least recently used.
  const entries = new Map<string, PoolEntry>();
  // Openings run one at a time, so two tenants never spend the same budget.
  let openings: Promise<unknown> = Promise.resolve();
  // Woken whenever a pool stops being busy: an opening waiting for room looks again.
  let released: (() => void)[] = [];
  const nextRelease = (ms: number): Promise<void> => new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    released.push(() => {
      clearTimeout(timer);
      resolve();
    });
  });

  const wakeWaiters = () => {
    const waiting = released;
    released = [];
    for (const wake of waiting) wake();
  };

  // A pool being closed still holds its connections until end() resolves: it stays in the budget till then,
  // or an opening could size a new pool with connections PostgreSQL still counts (the idle sweep and drop()
  // close pools outside the serialised openings).
  let closing = 0;
  const allocated = (): number => closing + [...entries.values()].reduce((sum, entry) => sum + entry.max, 0);

  const closeEntry = async (entry: PoolEntry, reason: string): Promise<void> => {
    if (entries.get(entry.tenant) !== entry) return;
    entries.delete(entry.tenant);
    closing += entry.max;
    // Another tenant's request may be the cause (an eviction), but the lines are about this pool, not that request.
    detached(() => logger.info('tenant pool closed', { tenant: entry.tenant, reason }))();
    try {
      // Requests still running on it finish on it (another request's refused login drops the tenant's pool, which
      // may be one a concurrent request has just opened); no new request gets it, since it left the map above.
      if (entry.busy > 0) await new Promise<void>((resolve) => { entry.onIdle = resolve; });
      await entry.pool.end().catch(detached((error: unknown) => logger.warn('tenant pool did not close cleanly', { tenant: entry.tenant, error })));
      // pool.end() resolves once its clients are told to end, before PostgreSQL has let go of them.
      await entry.socketsClosed();
    } finally {
      closing -= entry.max;
      wakeWaiters();
    }
  };

  const makeRoom = async (): Promise<void> => {
    const deadline = Date.now() + acquireTimeoutMs;
    while (entries.size >= maxPools || maxConnections - allocated() < 1) {
      const victim = entries.size >= maxPools || closing === 0 ? [...entries.values()].find((entry) => entry.busy === 0) : undefined;
      if (victim === undefined) {
        if (Date.now() >= deadline) {
          throw new BackendError('unavailable', 'TENANT_POOLS_EXHAUSTED', 'every tenant connection is in use; try again shortly', { retryAfterSeconds: 1 });
        }
        await nextRelease(deadline - Date.now());
        continue;
      }
      // Awaited: the victim's connections are gone before the new pool may open its own.
      await closeEntry(victim, 'evicted');
      onEvicted();
    }
  };

  const open = async (datasource: Datasource): Promise<PoolEntry> => {
    const fingerprint = fingerprintOf(datasource);
    const current = entries.get(datasource.tenant);
    if (current?.fingerprint === fingerprint) return current;
    // Not awaited: requests still on the old pool finish there, and its connections stay in the budget till closed.
    if (current !== undefined) void closeEntry(current, 'credentials changed');
    await makeRoom();
    const max = Math.min(maxPerTenant, maxConnections - allocated());
    const pool = new pg.Pool({
      host: datasource.host, port: datasource.port, database: datasource.database,
      user: datasource.username, password: datasource.password, ssl: sslOf(datasource.sslMode),
      max, idleTimeoutMillis: idleTimeoutMs, connectionTimeoutMillis: 5_000,
      application_name: applicationName,
    });
    // An idle client losing its connection emits here; without a listener the process would crash. It belongs to
    // no request: the one that opened the connection (whose async context the socket keeps) is long over.
    pool.on('error', detached((error: Error) => logger.warn('tenant pool connection failed', { tenant: datasource.tenant, error })));
    const entry: PoolEntry = { tenant: datasource.tenant, pool, max, fingerprint, socketsClosed: trackSockets(pool), busy: 0, lastUsed: Date.now() };
    entries.set(datasource.tenant, entry);
    logger.info('tenant pool opened', { tenant: datasource.tenant, max });
    return entry;
  };

  const acquire = (datasource: Datasource): Promise<PoolEntry> => {
    const existing = entries.get(datasource.tenant);
    if (existing?.fingerprint === fingerprintOf(datasource)) return Promise.resolve(existing);
    const opened = openings.then(() => open(datasource));
    openings = opened.catch(() => undefined);
    return opened;
  };

  const sweep = setInterval(() => {
    const cutoff = Date.now() - idleTimeoutMs;
    for (const entry of entries.values()) if (entry.busy === 0 && entry.lastUsed < cutoff) void closeEntry(entry, 'idle');
  }, Math.max(100, Math.floor(idleTimeoutMs / 2)));
  sweep.unref();

  return {
    async use(datasource, fn) {
      const entry = await acquire(datasource);
      entry.busy += 1;
      // Most recently used goes last.
      entries.delete(entry.tenant);
      entries.set(entry.tenant, entry);
      try {
        return await fn(entry.pool);
      } finally {
        entry.busy -= 1;
        entry.lastUsed = Date.now();
        if (entry.busy === 0) {
          entry.onIdle?.();
          wakeWaiters();
        }
      }
    },
    async drop(tenant) {
      const entry = entries.get(tenant);
      if (entry !== undefined) await closeEntry(entry, 'dropped');
    },
    openPools: () => entries.size,
    connections: () => [...entries.values()].reduce((sum, entry) => sum + entry.pool.totalCount, 0),
    async close() {
      clearInterval(sweep);
      await Promise.all([...entries.values()].map((entry) => closeEntry(entry, 'shutdown')));
    },
  };
}

/** Counts the pool's connections from 'connect' until their 'remove', which pg-pool emits once the socket ended. */
function trackSockets(pool: pg.Pool): () => Promise<void> {
  let open = 0;
  let whenNoneOpen: (() => void)[] = [];
  pool.on('connect', () => {
    open += 1;
  });
  pool.on('remove', () => {
    open -= 1;
    if (open > 0) return;
    const waiting = whenNoneOpen;
    whenNoneOpen = [];
    for (const resolve of waiting) resolve();
  });
  return () => (open === 0 ? Promise.resolve() : new Promise((resolve) => whenNoneOpen.push(resolve)));
}

function fingerprintOf({ host, port, database, username, password, sslMode }: Datasource): string {
  return JSON.stringify([host, port, database, username, password, sslMode]);
}

/** libpq's sslmode as node-postgres options: `disable` and `prefer`/`allow` off, `require` without verification. */
function sslOf(sslMode: string): pg.PoolConfig['ssl'] {
  switch (sslMode) {
    case 'require': return { rejectUnauthorized: false };
    case 'verify-ca':
    case 'verify-full': return { rejectUnauthorized: true };
    default: return false;
  }
}
