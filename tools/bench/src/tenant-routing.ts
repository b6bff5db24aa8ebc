// Figure 5, tenant routing at scale: one backend in front of many pool tenants, its pool cache capped far below the
// tenant count, driven uniformly and Zipf-skewed across the tenants, next to the same load on one warm tenant.
// Pools opened and evicted come from the backend's /metrics, peak connections from pg_stat_activity.
import type { Environment, NodeService } from '@tenantry/harness';
import { sampleConnections, type ConnectionSampler } from './connection-sampler.js';
import { measure, type Figure } from './figures.js';
import { describeLoad, requireClean, runLoad, type LoadResult, type LoadTarget } from './http-load.js';
import { startOperatorFleet } from './operator-fleet.js';
import { cpuMeter, describeCpuPerRequest, postgresCpuMs, processCpuMs } from './process-cpu.js';
import { startBackend, startIdentity, startPlatform } from './service-stack.js';
import { addMembership, demoUser, exchangeToken, forEachLimited, metricValue, signIn } from './stack-calls.js';
import { tenantPicker, type Spread } from './tenant-spread.js';

export interface TenantRoutingOptions {
  readonly tenants: number;
  readonly maxPools: number;
  readonly poolMax: number;
  readonly maxConnections: number;
  readonly connections: number;
  readonly seconds: number;
  readonly log: (line: string) => void;
}

const APPLICATION_NAME = 'tenantry-backend-routing';
const SETUP_IN_FLIGHT = 8;

export async function benchmarkTenantRouting(env: Environment, options: TenantRoutingOptions): Promise<Figure[]> {
  const { tenants: count, maxPools, poolMax, maxConnections, connections, log } = options;
  const started: Array<{ stop(): Promise<void> }> = [];
  try {
    const { platform, names, tokens } = await prepareTenants(env, started, count, log);
    const backend = await startBackend(env, platform, {
      BACKEND_MAX_POOLS: String(maxPools), BACKEND_POOL_MAX: String(poolMax), BACKEND_MAX_CONNECTIONS: String(maxConnections),
      BACKEND_APPLICATION_NAME: APPLICATION_NAME,
    });
    started.push(backend);
    const sampler = await sampleConnections(env.postgres.url, APPLICATION_NAME);
    started.push(sampler);
    const target = (spread: Spread): LoadTarget => {
      const pick = tenantPicker(spread, names.length);
      return {
        url: backend.url, path: '/api/entries?limit=20',
        vary: (request) => {
          const index = pick();
          request.headers['authorization'] = `Bearer ${tokens[index]!}`;
          request.headers['x-tenant-id'] = names[index]!;
        },
      };
    };
    const run = spreadRunner({ env, backend, platform: platform.service, sampler, target, options });

    // A backend that has been serving: every tenant's datasource fetched once (cached for BACKEND_DATASOURCE_TTL),
    // so the timed runs measure routing (pool reuse, eviction, new connections), not first contact with the platform.
    const warm = requireClean('routing warm-up', await runLoad(target('each'), { connections, durationSeconds: 600, amount: names.length }));
    const warmPeak = sampler.peak();
    log(`first request of each of ${count} tenants: ${describeLoad(warm)}; peak connections ${warmPeak}`);
    requireClean('routing warm-up', await runLoad(target('one'), { connections, durationSeconds: 1 }));
    const one = await run('one');
    const uniform = await run('uniform');
    const zipf = await run('zipf');
    return [
      ...spreadFigures('uniform', uniform, one, options),
      ...spreadFigures('zipf', zipf, one, options),
      measure({
        name: 'routing: peak PostgreSQL connections of the backend', value: Math.max(warmPeak, one.peak, uniform.peak, zipf.peak),
        unit: 'connections', on: 'value', compare: '≤', target: maxConnections,
        detail: `pg_stat_activity sampled every 50 ms from the first request on; BACKEND_MAX_CONNECTIONS ${maxConnections}, BACKEND_MAX_POOLS ${maxPools}, BACKEND_POOL_MAX ${poolMax}`,
      }),
    ];
  } finally {
    for (const running of started.reverse()) await running.stop();
  }
}

/** The tenants, and one user holding a role in each with an internal token per tenant from the real exchange. */
async function prepareTenants(env: Environment, started: Array<{ stop(): Promise<void> }>, count: number, log: (line: string) => void) {
  const identity = await startIdentity(env);
  started.push(identity);
  const platform = await startPlatform(env, { identityUrl: identity.url, database: 'bench_routing' });
  started.push(platform.service);
  const fleet = await startOperatorFleet(env, { concurrency: 8 });
  started.push(fleet);
  const { names, elapsedMs } = await fleet.provisionMany('pool', count);
  log(`${count} pool tenants Ready in ${(elapsedMs / 1000).toFixed(1)} s`);
  const reader = demoUser('bob@acme.example');
  const admin = await signIn(identity.url, demoUser('admin@tenantry.dev'));
  await forEachLimited(names, SETUP_IN_FLIGHT, (tenant) => addMembership(platform.service.url, admin, tenant, reader, 'viewer'));
  const external = await signIn(identity.url, reader);
  // All minted before any timed window.
  const tokens: string[] = new Array<string>(names.length);
  await forEachLimited(names, SETUP_IN_FLIGHT, async (tenant, index) => {
    tokens[index] = await exchangeToken(platform.service.url, platform.exchangeClient, external, tenant);
  });
  log(`${count} memberships and internal tokens made`);
  return { platform, names, tokens };
}

interface SpreadRunnerOptions {
  readonly env: Environment;
  readonly backend: NodeService;
  readonly platform: NodeService;
  readonly sampler: ConnectionSampler;
  readonly target: (spread: Spread) => LoadTarget;
  readonly options: TenantRoutingOptions;
}

/** One timed run of a spread: the load, the backend's pool counters around it, peak connections, CPU per request. */
function spreadRunner({ env, backend, platform, sampler, target, options }: SpreadRunnerOptions) {
  const { connections, seconds, maxConnections, log } = options;
  const pools = async () => ({
    evicted: await metricValue(backend.url, 'tenantry_backend_tenant_pool_evictions_total'),
    open: await metricValue(backend.url, 'tenantry_backend_tenant_pools'),
  });
  const meter = cpuMeter({
    backend: () => processCpuMs(backend.process.pid), platform: () => processCpuMs(platform.process.pid),
    postgres: () => postgresCpuMs(env.postgres.dataDir), autocannon: () => processCpuMs(process.pid),
  });
  return async (spread: Spread): Promise<SpreadRun> => {
    sampler.reset();
    const before = await pools();
    const cpuBefore = await meter();
    const result = requireClean(`routing ${spread}`, await runLoad(target(spread), { connections, durationSeconds: seconds }));
    const cpu = describeCpuPerRequest(cpuBefore, await meter(), result.ok);
    const after = await pools();
    const evicted = after.evicted - before.evicted;
    // No pool goes idle within a run: every pool opened either is still open or was evicted.
    const opened = evicted + after.open - before.open;
    const peak = sampler.peak();
    log(`routing ${spread.padEnd(10)} ${describeLoad(result)}; pools opened ${opened}, evicted ${evicted}, open ${after.open}; peak connections ${peak}; CPU ms/request: ${cpu}`);
    if (peak > maxConnections) log(`CONNECTION CAP EXCEEDED: ${peak} PostgreSQL sessions of the backend, cap ${maxConnections}`);
    return { result, opened, evicted, peak, cpu };
  };
}

interface SpreadRun {
  readonly result: LoadResult;
  readonly cpu: string;
  readonly peak: number;
  readonly opened: number;
  readonly evicted: number;
}

function spreadFigures(spread: 'uniform' | 'zipf', run: SpreadRun, oneRun: SpreadRun, options: TenantRoutingOptions): Figure[] {
  const one = { ...oneRun.result, cpu: oneRun.cpu };
  const { tenants, maxPools, connections, seconds } = options;
  const setting = `${tenants} tenants, ${maxPools} pools at most, ${connections} connections for ${seconds} s`;
  return [
    measure({
      name: `routing ${spread}: throughput vs one warm tenant`, value: run.result.rps, unit: 'req/s', baseline: one.rps,
      compare: '≥', target: spread === 'uniform' ? 0.25 : 0.5,
      detail: `${setting}; pools opened ${run.opened}, evicted ${run.evicted}; CPU ms/request ${run.cpu} (one tenant: ${one.cpu}); baseline: the same load on one tenant, its pool warm`,
    }),
    measure({
      name: `routing ${spread}: p99 latency`, value: run.result.p99Ms, unit: 'ms', baseline: one.p99Ms, on: 'value', compare: '<', target: 250,
      detail: `${setting}; p50 ${run.result.p50Ms} ms (one tenant p50 ${one.p50Ms} ms)`,
    }),
  ];
}
