// The floor side of a benchmark: the operator's SQL run directly over N sessions at once, on tenants
// of its own (roles named floor_…), so each operator figure has a same-run, same-concurrency baseline.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Environment } from '@tenantry/harness';
import { migrateDirectly, migrationUpSql, poolMembersRole, provisionPoolDirectly, provisionSiloDirectly, type MigrationSql } from './floor-sql.js';
import type { Tier } from './operator-fleet.js';

export const POOL_DATABASE = 'tenantry_pool';

export interface FloorTenant {
  readonly tier: Tier;
  /** Role, schema and (silo) database name. */
  readonly role: string;
}

/** Runs around one floor tenant's SQL: the physical floor's API traffic goes before and after it. */
export type AroundTenant = (tenant: FloorTenant, sql: () => Promise<void>) => Promise<void>;

export interface Floor {
  /** Milliseconds to provision one tenant over one session. */
  provision(tier: Tier, around?: AroundTenant): Promise<number>;
  /** Provisions `count` tenants over `sessions` sessions at once; milliseconds until the last is done. */
  provisionMany(tier: Tier, count: number, sessions: number, around?: AroundTenant): Promise<{ elapsedMs: number; tenants: FloorTenant[] }>;
  /** Runs `migrations` into every tenant over `sessions` sessions at once; milliseconds until done. */
  migrateAll(tenants: readonly FloorTenant[], migrations: MigrationSql, sessions: number): Promise<number>;
  close(): Promise<void>;
}

/** Connects to the environment's PostgreSQL; `migrationsDir` is what every floor tenant gets. */
export async function createFloor(env: Environment, migrationsDir: string): Promise<Floor> {
  const connectTo = async (database: string) => {
    const url = new URL(env.postgres.url);
    url.pathname = `/${database}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    return client;
  };
  const migrations = await migrationUpSql(migrationsDir);
  const admin = await connectTo('postgres');
  // A real SCRAM verifier, computed once by PostgreSQL itself, so the floor pays no hashing.
  const source = `floor_verifier_${randomBytes(3).toString('hex')}`;
  await admin.query(`CREATE ROLE ${pg.escapeIdentifier(source)} PASSWORD 'not-used-for-login'`);
  const { rows } = await admin.query<{ rolpassword: string }>('SELECT rolpassword FROM pg_authid WHERE rolname = $1', [source]);
  const verifier = rows[0]!.rolpassword;
  await ensurePoolDatabase(admin);
  const run = randomBytes(2).toString('hex');
  let counter = 0;
  const nextRole = () => `floor_${run}_${counter++}`;

  /** One worker's sessions: the admin database and the pool database. */
  const openSessions = async () => ({ admin: await connectTo('postgres'), pool: await connectTo(POOL_DATABASE) });
  type Sessions = Awaited<ReturnType<typeof openSessions>>;
  const provisionOn = async (sessions: Sessions, tier: Tier, around: AroundTenant = (_tenant, sql) => sql()): Promise<FloorTenant> => {
    const tenant = { tier, role: nextRole() };
    await around(tenant, () => (tier === 'pool'
      ? provisionPoolDirectly(sessions.pool, tenant.role, verifier, migrations)
      : provisionSiloDirectly(sessions.admin, connectTo, tenant.role, verifier, migrations)));
    return tenant;
  };
  const closeSessions = (sessions: Sessions) => Promise.all([sessions.admin.end(), sessions.pool.end()]);

  /** Runs `work` over `items` with `sessions` workers, each holding its own sessions; returns elapsed ms. */
  const inParallel = async <T>(items: readonly T[], sessions: number, work: (s: Sessions, item: T) => Promise<void>): Promise<number> => {
    const workers = await Promise.all(Array.from({ length: Math.min(sessions, items.length) }, openSessions));
    let next = 0;
    const started = performance.now();
    try {
      await Promise.all(workers.map(async (worker) => {
        while (next < items.length) await work(worker, items[next++]!);
      }));
      return performance.now() - started;
    } finally {
      await Promise.all(workers.map(closeSessions));
    }
  };

  const single = await openSessions();
  return {
    async provision(tier, around) {
      const started = performance.now();
      await provisionOn(single, tier, around);
      return performance.now() - started;
    },
    async provisionMany(tier, count, sessions, around) {
      const tenants: FloorTenant[] = [];
      const elapsedMs = await inParallel(Array.from({ length: count }, () => tier), sessions, async (worker) => {
        tenants.push(await provisionOn(worker, tier, around));
      });
      return { elapsedMs, tenants };
    },
    migrateAll(tenants, extra, sessions) {
      return inParallel(tenants, sessions, async (worker, tenant) => {
        if (tenant.tier === 'pool') {
          await migrateDirectly(worker.pool, tenant.role, extra);
          return;
        }
        const session = await connectTo(tenant.role);
        try {
          await migrateDirectly(session, tenant.role, extra);
        } finally {
          await session.end();
        }
      });
    },
    async close() {
      await Promise.all([admin.end(), closeSessions(single)]);
    },
  };
}

/** The pool database and its members role, as the operator creates them (it may not have yet). */
async function ensurePoolDatabase(admin: pg.Client): Promise<void> {
  const { rows } = await admin.query<{ database: boolean; members: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS database, EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $2) AS members`,
    [POOL_DATABASE, poolMembersRole]);
  if (!rows[0]!.database) await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(POOL_DATABASE)}`);
  if (!rows[0]!.members) {
    await admin.query(`CREATE ROLE ${pg.escapeIdentifier(poolMembersRole)} NOLOGIN; GRANT CONNECT ON DATABASE ${pg.escapeIdentifier(POOL_DATABASE)} TO ${pg.escapeIdentifier(poolMembersRole)}`);
  }
}
