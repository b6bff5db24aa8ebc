// Provisioning benchmarks: one Tenant create → Ready per tier (median of many), and a burst of pool
// tenants, each next to the same SQL run directly (the floor), all in one run on one PostgreSQL.
import type { Environment } from '@tenantry/harness';
import { figure, median, type Figure } from './figures.js';
import { createFloor } from './floor-sessions.js';
import { TENANT_MIGRATIONS_DIR, startOperatorFleet } from './operator-fleet.js';

export interface ProvisioningOptions {
  readonly samples: number;
  readonly burst: number;
  readonly concurrency: number;
  readonly log: (line: string) => void;
}

export async function benchmarkProvisioning(env: Environment, { samples, burst, concurrency, log }: ProvisioningOptions): Promise<Figure[]> {
  const fleet = await startOperatorFleet(env, { concurrency });
  const createTenant = (tier: 'pool' | 'silo') => fleet.provision(tier);
  await createTenant('pool'); // warm-up: creates the pool database, opens connections, warms the JIT
  const floor = await createFloor(env, TENANT_MIGRATIONS_DIR);
  const figures: Figure[] = [];
  try {
    await floor.provision('pool');
    for (const tier of ['silo', 'pool'] as const) {
      const operatorMs: number[] = [];
      const floorMs: number[] = [];
      for (let i = 0; i < samples; i++) {
        operatorMs.push(await createTenant(tier));
        floorMs.push(await floor.provision(tier));
      }
      log(`provisioning ${tier}: operator ${describe(operatorMs)}; floor ${describe(floorMs)}`);
      figures.push(figure(`provision one ${tier} tenant (median of ${samples})`, median(operatorMs), 'ms', median(floorMs), tier === 'silo' ? 1.25 : 1.5,
        `operator min ${Math.min(...operatorMs).toFixed(0)} max ${Math.max(...operatorMs).toFixed(0)} ms`));
    }

    const burstStarted = performance.now();
    await Promise.all(Array.from({ length: burst }, () => createTenant('pool')));
    const burstMs = performance.now() - burstStarted;
    const floorStarted = performance.now();
    for (let i = 0; i < burst; i++) await floor.provision('pool');
    const floorBurstMs = performance.now() - floorStarted;
    log(`burst of ${burst} pool tenants: operator ${burstMs.toFixed(0)} ms, floor (one session, serial) ${floorBurstMs.toFixed(0)} ms`);
    figures.push(figure(`provision ${burst} pool tenants at once`, burstMs, 'ms', floorBurstMs, 1.5, `operator concurrency ${concurrency}; floor is one session, serial`));
  } finally {
    await floor.close();
    await fleet.stop();
  }
  return figures;
}

function describe(values: readonly number[]): string {
  return `median ${median(values).toFixed(1)} ms (min ${Math.min(...values).toFixed(1)}, max ${Math.max(...values).toFixed(1)})`;
}
