// Figure 5, tenant routing at scale: one backend in front of many pool tenants, its connections to PostgreSQL capped
// far below the tenant count, driven uniformly and Zipf-skewed across the tenants, next to the same load on one warm
// tenant, and next to the peer: the backend logging in as each tenant through PgBouncer (transaction pooling) under
// the same server-connection cap. Evictions come from the backend's /metrics, peak connections from pg_stat_activity.
import type { Environment, NodeService } from '@tenantry/harness';
import { sampleConnections, type ConnectionSampler } from './connection-sampler.js';
import { measure, type Figure } from './figures.js';
import { describeLoad, requireClean, runLoad, type LoadResult, type LoadTarget } from './http-load.js';
import { startOperatorFleet } from './operator-fleet.js';
import { startPgBouncer } from './pgbouncer-peer.js';
import { cpuMeter, describeCpuPerRequest, postgresCpuMs, processCpuMs } from './process-cpu.js';
import { startBackend, startIdentity, startPlatform } from './service-stack.js';
import { addMembership, demoUser, exchangeToken, forEachLimited, metricValue, signIn } from './stack-calls.js';
import { tenantPicker, type Spread } from './tenant-spread.js';

export interface TenantRoutingOptions {
  readonly tenants: number;
  /** BACKEND_TENANT_MAX_CONCURRENCY. */
  readonly tenantConcurrency: number;
  /** PostgreSQL connections of the backend, and PgBouncer's max_db_connections for the peer. */
  readonly maxConnections: number;
  readonly connections: number;
  readonly seconds: number;
  /** Uniform traffic before the timed runs, so every shared connection has met the tenants (PostgreSQL's catalog caches). */
  readonly servingSeconds: number;
  readonly log: (line: string) => void;
}

const APPLICATION_NAME = 'tenantry-backend-routing';
// The warm-up fetches every tenant's datasource within some 25 s; with the default TTL all of them fall due together
// inside the timed runs, and the platform's (and API server's) reads would be measured instead of routing.
const DATASOURCE_TTL = '10m';
const PEER_APPLICATION_NAME = 'tenantry-backend-pgbouncer';
const SETUP_IN_FLIGHT = 8;

export async function benchmarkTenantRouting(env: Environment, options: TenantRoutingOptions): Promise<Figure[]> {
  const { tenants: count, tenantConcurrency, maxConnections, log } = options;
  const started: Array<{ stop(): Promise<void> }> = [];
  try {
    const { platform, names, tokens } = await prepareTenants(env, started, count, log);
    const backend = await startBackend(env, platform, {
      BACKEND_MAX_CONNECTIONS: String(maxConnections), BACKEND_TENANT_MAX_CONCURRENCY: String(tenantConcurrency),
      BACKEND_APPLICATION_NAME: APPLICATION_NAME, BACKEND_DATASOURCE_TTL: DATASOURCE_TTL,
    });
    started.push(backend);
    const routing = await measureBackend({ env, backend, platform: platform.service, names, tokens, applicationName: APPLICATION_NAME, options });
    started.push(routing.sampler);

    // The peer: the same backend code logging in as each tenant, through PgBouncer holding the same server cap.
    const bouncer = await startPgBouncer(env, { maxDbConnections: maxConnections, rolePattern: 'tenant\\_%' });
    started.push(bouncer);
    const peerBackend = await startBackend(env, platform, {
      BACKEND_ROUTING: 'login', BACKEND_LOGIN_HOST: bouncer.host, BACKEND_LOGIN_PORT: String(bouncer.port),
      // Client connections to PgBouncer are cheap for PostgreSQL: one per tenant may stay open.
      BACKEND_MAX_CONNECTIONS: String(count), BACKEND_TENANT_MAX_CONCURRENCY: String(tenantConcurrency),
      BACKEND_APPLICATION_NAME: PEER_APPLICATION_NAME, BACKEND_DATASOURCE_TTL: DATASOURCE_TTL,
    });
    started.push(peerBackend);
    const peer = await measureBackend({
      env, backend: peerBackend, platform: platform.service, names, tokens, applicationName: PEER_APPLICATION_NAME, options, label: 'pgbouncer',
      spreads: ['uniform'],
    });
    started.push(peer.sampler);
    const { one, uniform, zipf } = routing.runs;
    const peerUniform = peer.runs.uniform!;
    return [
      ...spreadFigures('uniform', uniform!, one!, { ...options, cold: routing.cold }),
      ...spreadFigures('zipf', zipf!, one!, options),
      measure({
        name: 'routing uniform: throughput vs the PgBouncer peer', value: uniform!.result.rps, unit: 'req/s', baseline: peerUniform.result.rps,
        compare: '≥', target: 1.5,
        detail: `peer: the backend with BACKEND_ROUTING=login through PgBouncer ${'(pool_mode=transaction, a user per tenant from SCRAM verifiers)'}, `
          + `max_db_connections ${maxConnections}; its p99 ${peerUniform.result.p99Ms} ms, peak PostgreSQL connections ${peerUniform.peak}, `
          + `CPU ms/request ${peerUniform.cpu}; ours: CPU ms/request ${uniform!.cpu}`,
      }),
      measure({
        name: 'routing: peak PostgreSQL connections of the backend', value: Math.max(routing.warmPeak, ...Object.values(routing.runs).map((run) => run.peak)),
        unit: 'connections', on: 'value', compare: '≤', target: maxConnections,
        detail: `pg_stat_activity sampled every 50 ms from the first request on; BACKEND_MAX_CONNECTIONS ${maxConnections}, `
          + `BACKEND_TENANT_MAX_CONCURRENCY ${tenantConcurrency}; the PgBouncer peer peaked at ${Math.max(peer.warmPeak, peerUniform.peak)}`,
      }),
    ];
  } finally {
    for (const running of started.reverse()) await running.stop();
  }
}

interface BackendMeasurement {
  readonly env: Environment;
  readonly backend: NodeService;
  readonly platform: NodeService;
  readonly names: readonly string[];
  readonly tokens: readonly string[];
  readonly applicationName: string;
  readonly options: TenantRoutingOptions;
  readonly label?: string;
  readonly spreads?: readonly Spread[];
}

/** Warms one backend (every tenant's datasource fetched once), then times the spreads on it. */
async function measureBackend(measurement: BackendMeasurement) {
  const { env, backend, platform, names, tokens, applicationName, options, label = 'routing', spreads = ['one', 'uniform', 'zipf'] } = measurement;
  const { connections, log } = options;
  const sampler = await sampleConnections(env.postgres.url, applicationName);
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
  const run = spreadRunner({ env, backend, platform, sampler, target, options, label });
  // A backend that has been serving: every tenant's datasource fetched once (cached for BACKEND_DATASOURCE_TTL),
  // so the timed runs measure routing (connection reuse, eviction, new connections), not first contact with the platform.
  const warm = requireClean(`${label} warm-up`, await runLoad(target('each'), { connections, durationSeconds: 600, amount: names.length }));
  const warmPeak = sampler.peak();
  log(`${label}: first request of each of ${names.length} tenants: ${describeLoad(warm)}; peak connections ${warmPeak}`);
  // Each PostgreSQL session builds its relation and catalog caches per tenant table on first use: a backend that has
  // been serving has them warm on every connection. This first stretch of uniform traffic is the cold figure.
  const cold = requireClean(`${label} serving warm-up`, await runLoad(target('uniform'), { connections, durationSeconds: options.servingSeconds }));
  log(`${label}: first ${options.servingSeconds} s of uniform traffic (sessions' catalog caches cold): ${describeLoad(cold)}`);
  requireClean(`${label} warm-up`, await runLoad(target('one'), { connections, durationSeconds: 1 }));
  const runs: Partial<Record<Spread, SpreadRun>> = {};
  for (const spread of spreads) runs[spread] = await run(spread);
  return { sampler, warmPeak, runs, cold };
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
  readonly label: string;
}

/** One timed run of a spread: the load, the backend's connection counters around it, peak connections, CPU per request. */
function spreadRunner({ env, backend, platform, sampler, target, options, label }: SpreadRunnerOptions) {
  const { connections, seconds, maxConnections, log } = options;
  const pools = async () => ({
    evicted: await metricValue(backend.url, 'tenantry_backend_connection_evictions_total'),
    open: await metricValue(backend.url, 'tenantry_backend_db_connections'),
  });
  const meter = cpuMeter({
    backend: () => processCpuMs(backend.process.pid), platform: () => processCpuMs(platform.process.pid),
    postgres: () => postgresCpuMs(env.postgres.dataDir), autocannon: () => processCpuMs(process.pid),
  });
  return async (spread: Spread): Promise<SpreadRun> => {
    sampler.reset();
    const before = await pools();
    const cpuBefore = await meter();
    const result = requireClean(`${label} ${spread}`, await runLoad(target(spread), { connections, durationSeconds: seconds }));
    const cpu = describeCpuPerRequest(cpuBefore, await meter(), result.ok);
    const after = await pools();
    const evicted = after.evicted - before.evicted;
    // No connection goes idle long enough to be swept within a run: every one opened is still open or was evicted.
    const opened = evicted + after.open - before.open;
    const peak = sampler.peak();
    log(`${label} ${spread.padEnd(10)} ${describeLoad(result)}; connections opened ${opened}, evicted ${evicted}, open ${after.open}; `
      + `peak PostgreSQL connections ${peak}; CPU ms/request: ${cpu}`);
    if (peak > maxConnections) log(`CONNECTION CAP EXCEEDED: ${peak} PostgreSQL sessions of the ${label} backend, cap ${maxConnections}`);
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

function spreadFigures(spread: 'uniform' | 'zipf', run: SpreadRun, oneRun: SpreadRun, options: TenantRoutingOptions & { cold?: LoadResult }): Figure[] {
  const one = { ...oneRun.result, cpu: oneRun.cpu };
  const { tenants, maxConnections, connections, seconds, servingSeconds, cold } = options;
  const setting = `${tenants} tenants, ${maxConnections} PostgreSQL connections at most, ${connections} HTTP connections for ${seconds} s`
    + ` after ${servingSeconds} s of uniform traffic${cold === undefined ? '' : ` (which ran at ${cold.rps} req/s, p99 ${cold.p99Ms} ms: sessions' catalog caches cold)`}`;
  return [
    measure({
      name: `routing ${spread}: throughput vs one warm tenant`, value: run.result.rps, unit: 'req/s', baseline: one.rps,
      compare: '≥', target: spread === 'uniform' ? 0.7 : 0.8,
      detail: `${setting}; connections opened ${run.opened}, evicted ${run.evicted}; CPU ms/request ${run.cpu} (one tenant: ${one.cpu}); baseline: the same load on one tenant, its pool warm`,
    }),
    measure({
      name: `routing ${spread}: p99 latency`, value: run.result.p99Ms, unit: 'ms', baseline: one.p99Ms, on: 'value', compare: '<', target: 25,
      detail: `${setting}; p50 ${run.result.p50Ms} ms (one tenant p50 ${one.p50Ms} ms)`,
    }),
  ];
}
