// Provisioning latency: one Tenant create → Ready per tier (median of many) next to the same SQL run directly
// (the floor), all in one run on one PostgreSQL. Throughput (many tenants at once) is the throughput benchmark's.
import { CoreV1Api } from '@kubernetes/client-node';
import type { Environment } from '@tenantry/harness';
import { figure, median, type Figure } from './figures.js';
import { createFloor } from './floor-sessions.js';
import { TENANT_MIGRATIONS_DIR, startOperatorFleet } from './operator-fleet.js';

export interface ProvisioningOptions {
  readonly samples: number;
  readonly concurrency: number;
  readonly log: (line: string) => void;
}

export async function benchmarkProvisioning(env: Environment, { samples, concurrency, log }: ProvisioningOptions): Promise<Figure[]> {
  const fleet = await startOperatorFleet(env, { concurrency });
  const createTenant = (tier: 'pool' | 'silo') => fleet.provision(tier);
  await createTenant('pool'); // warm-up: creates the pool database, opens connections, warms the JIT
  const floor = await createFloor(env, TENANT_MIGRATIONS_DIR);
  const figures: Figure[] = [];
  try {
    await floor.provision('pool');
    const kubernetesMs = await kubernetesWritesAlone(env, samples);
    for (const tier of ['silo', 'pool'] as const) {
      const operatorMs: number[] = [];
      const floorMs: number[] = [];
      for (let i = 0; i < samples; i++) {
        operatorMs.push(await createTenant(tier));
        floorMs.push(await floor.provision(tier));
      }
      log(`provisioning ${tier}: operator ${describe(operatorMs)}; floor ${describe(floorMs)}`);
      figures.push(figure(`provision one ${tier} tenant (median of ${samples})`, median(operatorMs), 'ms', median(floorMs), tier === 'silo' ? 1.25 : 1.5,
        `operator min ${Math.min(...operatorMs).toFixed(0)} max ${Math.max(...operatorMs).toFixed(0)} ms; the 3 API writes on its path alone: ${kubernetesMs.toFixed(1)} ms`));
    }
  } finally {
    await floor.close();
    await fleet.stop();
  }
  return figures;
}

/**
 * What Kubernetes alone costs on a tenant's critical path, which the SQL floor does not pay: the create, the
 * finalizer patch and the status write, three sequential fsync'd writes (on a ConfigMap, so no operator
 * reacts). Median of `samples`; reported next to the provisioning figures as evidence, not as their baseline.
 */
async function kubernetesWritesAlone(env: Environment, samples: number): Promise<number> {
  const core = env.kubeConfig().makeApiClient(CoreV1Api);
  const namespace = 'default';
  const timings: number[] = [];
  for (let i = 0; i < samples; i++) {
    const name = `bench-writes-${i}-${Date.now().toString(36)}`;
    const started = performance.now();
    await core.createNamespacedConfigMap({ namespace, body: { metadata: { name }, data: { step: 'created' } } });
    await core.patchNamespacedConfigMap({ name, namespace, body: [{ op: 'add', path: '/metadata/finalizers', value: ['bench.tenantry.dev/x'] }] });
    await core.patchNamespacedConfigMap({ name, namespace, body: [{ op: 'replace', path: '/data/step', value: 'ready' }] });
    timings.push(performance.now() - started);
    await core.patchNamespacedConfigMap({ name, namespace, body: [{ op: 'remove', path: '/metadata/finalizers' }] });
    await core.deleteNamespacedConfigMap({ name, namespace });
  }
  return median(timings);
}

function describe(values: readonly number[]): string {
  return `median ${median(values).toFixed(1)} ms (min ${Math.min(...values).toFixed(1)}, max ${Math.max(...values).toFixed(1)})`;
}
