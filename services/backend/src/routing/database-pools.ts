// Connections to tenant storage under one global cap, kept idle per (server, database, login) and reused by any
// tenant routed there; when the cap is reached, the longest-idle connection of another database makes room.
import pg from 'pg';
import { detached, type Logger } from '@tenantry/runtime';
import { BackendError } from '../backend-error.js';

/** Where a connection goes and as whom; connections are shared by everything with the same target. */
export interface ConnectTarget {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string;
  readonly sslMode: string;
}

export interface PooledConnection {
  readonly client: pg.Client;
  /** Back to the pool; with `discard`, or when the connection failed, it is closed instead. */
  release(discard?: boolean): void;
}

export interface DatabasePools {
  /**
   * A connection to `target`; with `affinity` (the tenant), preferably an idle one that served the same tenant lately:
   * each PostgreSQL session caches the catalog entries of the tables it touched, so a tenant kept to a few sessions
   * finds them warm, and each session holds the caches of fewer tenants.
   */
  acquire(target: ConnectTarget, affinity?: string): Promise<PooledConnection>;
  /** Connections open or opening now. */
  connections(): number;
  /** Targets (databases under one login) with at least one open connection. */
  databases(): number;
  close(): Promise<void>;
}

export interface DatabasePoolsOptions {
  readonly maxConnections: number;
  /** An idle connection is closed after this long. */
  readonly idleTimeoutMs: number;
  /** How long a request waits for a connection before a 503. */
  readonly acquireTimeoutMs?: number;
  readonly applicationName: string;
  /** A connection of another target was closed to make room. */
  readonly onEvicted: () => void;
  readonly logger: Logger;
}

interface Slot {
  readonly key: string;
  readonly client: pg.Client;
  idleSince: number;
  broken: boolean;
  /** The tenants it served lately, oldest first. */
  readonly served: Set<string>;
}

const servedRemembered = 256;

function remember(slot: Slot, affinity: string | undefined): void {
  if (affinity === undefined) return;
  slot.served.delete(affinity);
  slot.served.add(affinity);
  if (slot.served.size > servedRemembered) slot.served.delete(slot.served.values().next().value!);
}

interface Waiter {
  readonly key: string;
  readonly target: ConnectTarget;
  readonly affinity: string | undefined;
  readonly since: number;
  readonly resolve: (connection: PooledConnection) => void;
  readonly reject: (error: unknown) => void;
  timer?: NodeJS.Timeout;
}

// A waiter this old is served next even if a later one could take a released connection as it is.
const fairnessMs = 20;

export function createDatabasePools(options: DatabasePoolsOptions): DatabasePools {
  const { maxConnections, idleTimeoutMs, acquireTimeoutMs = 5_000, applicationName, onEvicted, logger } = options;
  const idle = new Map<string, Slot[]>();
  const waiters: Waiter[] = [];
  /** Open, opening or closing: PostgreSQL counts a session until its socket is gone. */
  let total = 0;
  /** The same per target. */
  const perKey = new Map<string, number>();
  let closed = false;
  const count = (key: string, delta: number) => {
    const next = (perKey.get(key) ?? 0) + delta;
    if (next === 0) perKey.delete(key);
    else perKey.set(key, next);
  };

  const removeIdle = (slot: Slot): boolean => {
    const list = idle.get(slot.key);
    const index = list?.indexOf(slot) ?? -1;
    if (list === undefined || index < 0) return false;
    list.splice(index, 1);
    if (list.length === 0) idle.delete(slot.key);
    return true;
  };

  /** Ends the connection; its place in the cap is freed only once the socket has closed. */
  const retire = (slot: Slot): void => {
    void slot.client.end().catch(() => undefined).finally(() => {
      count(slot.key, -1);
      freed();
    });
  };

  const lease = (slot: Slot, affinity: string | undefined): PooledConnection => {
    remember(slot, affinity);
    let released = false;
    return {
      client: slot.client,
      release(discard = false) {
        if (released) return;
        released = true;
        if (discard || slot.broken || closed) retire(slot);
        else handBack(slot);
      },
    };
  };

  const open = async (target: ConnectTarget, key: string, affinity: string | undefined): Promise<PooledConnection> => {
    const client = new pg.Client({
      host: target.host, port: target.port, database: target.database, user: target.user, password: target.password,
      ssl: sslOf(target.sslMode), connectionTimeoutMillis: 5_000, application_name: applicationName, keepAlive: true,
    });
    const slot: Slot = { key, client, idleSince: Date.now(), broken: false, served: new Set() };
    // An idle connection losing its server emits here; without a listener the process would crash. It belongs to
    // no request: the one that opened it is long over.
    client.on('error', detached((error: Error) => {
      slot.broken = true;
      if (removeIdle(slot)) {
        logger.warn('tenant storage connection failed', { database: target.database, error });
        retire(slot);
      }
    }));
    count(key, 1);
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      count(key, -1);
      freed();
      throw error;
    }
    return lease(slot, affinity);
  };

  /** A place in the cap became free: the next waiter opens a connection in it. */
  const freed = () => {
    total -= 1;
    const next = waiters.shift();
    if (next === undefined) return;
    clearTimeout(next.timer);
    total += 1;
    open(next.target, next.key, next.affinity).then(next.resolve, next.reject);
  };

  const handBack = (slot: Slot) => {
    const head = waiters[0];
    const sameKey = head !== undefined && Date.now() - head.since < fairnessMs
      ? waiters.findIndex((waiter) => waiter.key === slot.key) : head?.key === slot.key ? 0 : -1;
    if (sameKey >= 0) {
      const [waiter] = waiters.splice(sameKey, 1);
      clearTimeout(waiter!.timer);
      waiter!.resolve(lease(slot, waiter!.affinity));
      return;
    }
    if (head !== undefined) {
      // Waiting for another database: this connection makes room for it.
      onEvicted();
      retire(slot);
      return;
    }
    slot.idleSince = Date.now();
    const list = idle.get(slot.key);
    if (list === undefined) idle.set(slot.key, [slot]);
    else list.push(slot);
  };

  /** The most recently used idle connection that served `affinity`, else the most recently used one. */
  const takeIdle = (key: string, affinity: string | undefined): Slot | undefined => {
    const list = idle.get(key);
    if (list === undefined) return undefined;
    let index = list.length - 1;
    if (affinity !== undefined) {
      const affine = list.findLastIndex((slot) => slot.served.has(affinity));
      if (affine >= 0) index = affine;
    }
    const [slot] = list.splice(index, 1);
    if (list.length === 0) idle.delete(key);
    return slot;
  };

  const oldestIdle = (): Slot | undefined => {
    let oldest: Slot | undefined;
    for (const list of idle.values()) if (list[0] !== undefined && (oldest === undefined || list[0].idleSince < oldest.idleSince)) oldest = list[0];
    return oldest;
  };

  const sweep = setInterval(() => {
    const cutoff = Date.now() - idleTimeoutMs;
    for (const list of [...idle.values()]) {
      for (const slot of list.filter((candidate) => candidate.idleSince < cutoff)) {
        removeIdle(slot);
        retire(slot);
      }
    }
  }, Math.max(100, Math.floor(idleTimeoutMs / 2)));
  sweep.unref();

  return {
    acquire(target, affinity) {
      if (closed) return Promise.reject(new BackendError('unavailable', 'SHUTTING_DOWN', 'the backend is shutting down', { retryAfterSeconds: 1 }));
      const key = keyOf(target);
      const reusable = takeIdle(key, affinity);
      if (reusable !== undefined) return Promise.resolve(lease(reusable, affinity));
      if (total < maxConnections) {
        total += 1;
        return open(target, key, affinity);
      }
      return new Promise<PooledConnection>((resolve, reject) => {
        const waiter: Waiter = { key, target, affinity, since: Date.now(), resolve, reject };
        waiter.timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new BackendError('unavailable', 'CONNECTIONS_EXHAUSTED', 'every connection to tenant storage is in use; try again shortly',
            { retryAfterSeconds: 1 }));
        }, acquireTimeoutMs);
        waiters.push(waiter);
        // Idle connections of other databases: the longest idle one makes room now.
        const victim = oldestIdle();
        if (victim !== undefined) {
          removeIdle(victim);
          onEvicted();
          retire(victim);
        }
      });
    },
    connections: () => total,
    databases: () => perKey.size,
    async close() {
      closed = true;
      clearInterval(sweep);
      for (const waiter of waiters.splice(0)) {
        clearTimeout(waiter.timer);
        waiter.reject(new BackendError('unavailable', 'SHUTTING_DOWN', 'the backend is shutting down', { retryAfterSeconds: 1 }));
      }
      const slots = [...idle.values()].flat();
      idle.clear();
      await Promise.all(slots.map(async (slot) => {
        await slot.client.end().catch(() => undefined);
        count(slot.key, -1);
        total -= 1;
      }));
    },
  };
}

function keyOf({ host, port, database, user, password, sslMode }: ConnectTarget): string {
  return JSON.stringify([host, port, database, user, password, sslMode]);
}

/** libpq's sslmode as node-postgres options: `disable` and `prefer`/`allow` off, `require` without verification. */
function sslOf(sslMode: string): pg.ClientConfig['ssl'] {
  switch (sslMode) {
    case 'require': return { rejectUnauthorized: false };
    case 'verify-ca':
    case 'verify-full': return { rejectUnauthorized: true };
    default: return false;
  }
}
