// One fleet of many Ready tenants (1,000 pool + 100 silo by default), built once per `make bench` run by
// the throughput benchmark and reused by steady-state and rollout, in an environment of its own: the
// roll-out changes every tenant it can see, which must not reach the other benchmarks' tenants.
import { CustomObjectsApi } from '@kubernetes/client-node';
import { startEnvironment, type Environment } from '@tenantry/harness';
import type { Tenant } from '@tenantry/runtime';
import type { Figure } from './figures.js';
import { createFloor, type Floor, type FloorTenant } from './floor-sessions.js';
import { createPhysicalFloor, type PhysicalFloor } from './physical-floor.js';
import type { BenchContext } from './main.js';
import { copyTenantMigrations, type MigrationFolder } from './migration-sets.js';
import { startOperatorFleet, type OperatorFleet } from './operator-fleet.js';
import { memory } from './process-usage.js';
import { measureRollout } from './rollout.js';
import { createStatementCounter, type StatementCounter } from './sql-statements.js';
import { measureSteadyState } from './steady-state.js';
import { measureThroughput } from './throughput.js';

export interface ScaledFleet {
  readonly env: Environment;
  readonly fleet: OperatorFleet;
  /** The operator's own migrations folder, a copy of migrations/tenant the roll-out adds to. */
  readonly migrations: MigrationFolder;
  readonly floor: Floor;
  readonly physical: PhysicalFloor;
  /** The tenants the floor provisioned with the same SQL, for the floor of the roll-out. */
  readonly floorTenants: readonly FloorTenant[];
  readonly statements: StatementCounter;
  /** The operator's RSS right after it started on an empty cluster: its footprint before any tenant. */
  readonly emptyOperatorRssMb: number;
  /** Every Tenant in the environment. */
  tenantNames(): Promise<string[]>;
}

export interface ScaledFleetOptions {
  readonly pool: number;
  readonly silo: number;
  readonly concurrency: number;
  readonly idleWindowMs: number;
  readonly resyncPeriod: string;
}

type FleetBenchmark = 'throughput' | 'steady-state' | 'rollout';
const fleetBenchmarks: readonly FleetBenchmark[] = ['throughput', 'steady-state', 'rollout'];

/** The three benchmarks over one shared fleet; the fleet stops after the last of them that BENCH selected. */
export function scaledFleetBenchmarks(options: ScaledFleetOptions): Record<FleetBenchmark, (context: BenchContext) => Promise<Figure[]>> {
  const requested = process.env['BENCH']?.split(',').map((name) => name.trim()).filter(Boolean) ?? [];
  const pending = new Set(fleetBenchmarks.filter((name) => requested.length === 0 || requested.includes(name)));
  let built: Promise<{ state: ScaledFleet; throughput: Figure[] }> | undefined;

  const run = (name: FleetBenchmark, work: (state: ScaledFleet, log: (line: string) => void) => Promise<Figure[]>) =>
    async ({ log }: BenchContext): Promise<Figure[]> => {
      try {
        built ??= buildFleet(options, log);
        const { state, throughput } = await built;
        return name === 'throughput' ? throughput : await work(state, log);
      } finally {
        pending.delete(name);
        if (pending.size === 0) await built?.then(({ state }) => stopFleet(state), () => undefined);
      }
    };

  return {
    throughput: run('throughput', () => Promise.resolve([])),
    'steady-state': run('steady-state', (state, log) => measureSteadyState(state, { windowMs: options.idleWindowMs, resyncPeriod: options.resyncPeriod, log })),
    rollout: run('rollout', (state, log) => measureRollout(state, { concurrency: options.concurrency, log })),
  };
}

async function buildFleet(options: ScaledFleetOptions, log: (line: string) => void): Promise<{ state: ScaledFleet; throughput: Figure[] }> {
  log(`building a fleet of ${options.pool} pool and ${options.silo} silo tenants in an environment of its own`);
  const env = await startEnvironment({ durable: true, keepDir: process.env['BENCH_KEEP_DIR'] === '1' });
  const migrations = await copyTenantMigrations();
  const fleet = await startOperatorFleet(env, { concurrency: options.concurrency, migrationsDir: migrations.dir });
  const { rssMb: emptyOperatorRssMb } = await memory(fleet.operator.process.pid);
  const floor = await createFloor(env, migrations.dir);
  const physical = await createPhysicalFloor(env, floor);
  const statements = await createStatementCounter(env.postgres.url);
  const objects = env.kubeConfig().makeApiClient(CustomObjectsApi);
  const partial = {
    env, fleet, migrations, floor, physical, statements, emptyOperatorRssMb, floorTenants: [] as FloorTenant[],
    async tenantNames() {
      const list = await objects.listClusterCustomObject({ group: 'tenantry.dev', version: 'v1alpha1', plural: 'tenants' }) as { items: Tenant[] };
      return list.items.map((tenant) => tenant.metadata.name);
    },
  };
  const { figures, floorTenants } = await measureThroughput(partial, { ...options, log });
  partial.floorTenants.push(...floorTenants);
  return { state: partial, throughput: figures };
}

async function stopFleet(state: ScaledFleet): Promise<void> {
  await state.statements.close();
  state.physical.stop();
  await state.floor.close();
  await state.fleet.stop();
  await state.env.stop();
  await state.migrations.remove();
}
