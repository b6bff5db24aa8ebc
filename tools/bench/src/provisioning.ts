// Provisioning latency: one Tenant create → Ready (watch) per tier, median of many, next to two floors measured
// in the same run on the same PostgreSQL: the same SQL sent directly, and the physical floor (that SQL plus the
// API writes and the watch no operator can avoid). Throughput (many at once) is the throughput benchmark's.
import type { Environment } from '@tenantry/harness';
import { figure, median, type Figure } from './figures.js';
import { createFloor } from './floor-sessions.js';
import { TENANT_MIGRATIONS_DIR, startOperatorFleet, type Tier } from './operator-fleet.js';
import { createPhysicalFloor } from './physical-floor.js';

export interface ProvisioningOptions {
  readonly samples: number;
  readonly concurrency: number;
  readonly log: (line: string) => void;
}

/** Against the physical floor (issue 17). */
const physicalTargets: Record<Tier, number> = { pool: 1.3, silo: 1.15 };
/** Against the SQL alone (issue 8), which pays no Kubernetes at all. */
const sqlOnlyTargets: Record<Tier, number> = { pool: 1.5, silo: 1.25 };

export async function benchmarkProvisioning(env: Environment, { samples, concurrency, log }: ProvisioningOptions): Promise<Figure[]> {
  const fleet = await startOperatorFleet(env, { concurrency });
  await fleet.provision('pool'); // warm-up: creates the pool database, opens connections, warms the JIT
  const floor = await createFloor(env, TENANT_MIGRATIONS_DIR);
  const physical = await createPhysicalFloor(env, floor);
  const figures: Figure[] = [];
  try {
    await floor.provision('pool');
    await physical.provision('pool');
    for (const tier of ['silo', 'pool'] as const) {
      const runs = { operator: [] as number[], sql: [] as number[], physical: [] as number[] };
      // Taking turns, so that a drift of the disk's speed reaches all three alike.
      for (let i = 0; i < samples; i++) {
        runs.operator.push(await fleet.provision(tier));
        runs.sql.push(await floor.provision(tier));
        runs.physical.push(await physical.provision(tier));
      }
      const [operator, sql, floorMs] = [median(runs.operator), median(runs.sql), median(runs.physical)];
      log(`provisioning ${tier}: operator ${describe(runs.operator)}; physical floor ${describe(runs.physical)}; SQL-only floor ${describe(runs.sql)}`);
      const spread = `operator min ${Math.min(...runs.operator).toFixed(0)} max ${Math.max(...runs.operator).toFixed(0)} ms`;
      figures.push(figure(`provision one ${tier} tenant vs physical floor (median of ${samples})`, operator, 'ms', floorMs, physicalTargets[tier],
        `${spread}; physical floor: the same SQL plus create, finalizer, status and a watch on a CRD of the same schema with no controller; vs SQL alone ${(operator / sql).toFixed(2)}×`));
      figures.push(figure(`provision one ${tier} tenant vs SQL-only floor (median of ${samples})`, operator, 'ms', sql, sqlOnlyTargets[tier],
        `the SQL alone pays no Kubernetes; the physical floor is ${(floorMs / sql).toFixed(2)}× it`));
    }
  } finally {
    physical.stop();
    await floor.close();
    await fleet.stop();
  }
  return figures;
}

function describe(values: readonly number[]): string {
  return `median ${median(values).toFixed(1)} ms (min ${Math.min(...values).toFixed(1)}, max ${Math.max(...values).toFixed(1)})`;
}
