// Figure 4, the request path: entries list and create through the gateway (external token), through a bare proxy on
// the gateway's HTTP stack (the proxy floor: what any proxy process in the path costs here), straight at the backend
// (internal token from the real exchange), and at a bare Express app running the same SQL on a pool of the same size
// against the same tenant schema (the floor). Variants take turns, round after round.
import { startNodeService, type Environment, type NodeService } from '@tenantry/harness';
import { measure, type Figure } from './figures.js';
import { describeLoad, requireClean, runLoad, sequentialLatencies, type LoadResult, type LoadTarget } from './http-load.js';
import { startOperatorFleet } from './operator-fleet.js';
import { cpuMeter, describeCpuPerRequest, postgresCpuMs, processCpuMs, type CpuMeter } from './process-cpu.js';
import { startBackend, startGateway, startIdentity, startPlatform } from './service-stack.js';
import { addMembership, demoUser, exchangeToken, signIn } from './stack-calls.js';
import { tenantDatabaseUri } from './tenant-secret.js';

export interface RequestPathOptions {
  readonly connections: number;
  readonly seconds: number;
  readonly rounds: number;
  readonly latencySamples: number;
  readonly log: (line: string) => void;
}

const POOL_MAX = 10;
const SEED_ENTRIES = 200;
type Variant = 'gateway' | 'proxy' | 'direct' | 'floor';
const variants: readonly Variant[] = ['gateway', 'proxy', 'direct', 'floor'];

export async function benchmarkRequestPath(env: Environment, options: RequestPathOptions): Promise<Figure[]> {
  const started: Array<{ stop(): Promise<void> }> = [];
  try {
    const stack = await startRequestPath(env, started);
    const meter = cpuMeter({
      gateway: () => processCpuMs(stack.gateway.process.pid), proxy: () => processCpuMs(stack.proxyFloor.process.pid),
      backend: () => processCpuMs(stack.backend.process.pid),
      floor: () => processCpuMs(stack.floor.process.pid), postgres: () => postgresCpuMs(env.postgres.dataDir),
      autocannon: () => processCpuMs(process.pid),
    });
    requireClean('seeding entries', await runLoad(stack.target('direct', 'create'), { connections: 4, durationSeconds: 60, amount: SEED_ENTRIES }));
    const figures: Figure[] = [];
    for (const operation of ['list', 'create'] as const) {
      figures.push(...await measureOperation(operation, (variant) => stack.target(variant, operation), meter, options));
    }
    return figures;
  } finally {
    for (const running of started.reverse()) await running.stop();
  }
}

/** One Ready pool tenant with alice as its editor, the services in front of it, and the floor beside them. */
async function startRequestPath(env: Environment, started: Array<{ stop(): Promise<void> }>) {
  const fleet = await startOperatorFleet(env, { concurrency: 2 });
  started.push(fleet);
  const { names: [tenant = ''] } = await fleet.provisionMany('pool', 1);
  const identity = await startIdentity(env);
  started.push(identity);
  const platform = await startPlatform(env, { identityUrl: identity.url, database: 'bench_request_path' });
  started.push(platform.service);
  const alice = demoUser('alice@acme.example');
  await addMembership(platform.service.url, await signIn(identity.url, demoUser('admin@tenantry.dev')), tenant, alice, 'editor');
  const backend = await startBackend(env, platform, { BACKEND_TENANT_MAX_CONCURRENCY: String(POOL_MAX), BACKEND_MAX_CONNECTIONS: String(POOL_MAX) });
  started.push(backend);
  const gateway = await startGateway(env, { identityUrl: identity.url, platform, backendUrl: backend.url });
  started.push(gateway);
  const floor: NodeService = await startNodeService({
    name: 'floor-entries', entry: 'tools/bench/src/floor-server.ts', logDir: env.dir, portVariable: 'FLOOR_PORT',
    env: { FLOOR_TENANT_DATABASE_URL: await tenantDatabaseUri(env.kubeConfig(), tenant), FLOOR_POOL_MAX: String(POOL_MAX) },
  });
  started.push(floor);
  const proxyFloor: NodeService = await startNodeService({
    name: 'proxy-floor', entry: 'tools/bench/src/proxy-floor-server.ts', logDir: env.dir, portVariable: 'PROXY_FLOOR_PORT',
    env: { PROXY_FLOOR_UPSTREAM_URL: backend.url },
  });
  started.push(proxyFloor);

  const external = await signIn(identity.url, alice);
  const internal = await exchangeToken(platform.service.url, platform.exchangeClient, external, tenant);
  const urls: Record<Variant, { url: string; token?: string }> = {
    gateway: { url: gateway.url, token: external }, proxy: { url: proxyFloor.url, token: internal }, direct: { url: backend.url, token: internal },
    floor: { url: floor.url },
  };
  const entry = JSON.stringify({ title: 'bench entry', body: 'written under load', tags: ['bench'] });
  const target = (variant: Variant, operation: 'list' | 'create'): LoadTarget => {
    const { url, token } = urls[variant];
    const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}`, 'x-tenant-id': tenant };
    return operation === 'list'
      ? { url, path: '/api/entries?limit=20', headers }
      : { url, method: 'POST', path: '/api/entries', headers: { ...headers, 'content-type': 'application/json' }, body: entry };
  };
  return { gateway, proxyFloor, backend, floor, target };
}

async function measureOperation(
  operation: 'list' | 'create', target: (variant: Variant) => LoadTarget, meter: CpuMeter, options: RequestPathOptions,
): Promise<Figure[]> {
  const { connections, seconds, rounds, latencySamples, log } = options;
  for (const variant of variants) requireClean(`${operation} warm-up ${variant}`, await runLoad(target(variant), { connections, durationSeconds: 1 }));
  const runs: Record<Variant, LoadResult[]> = { gateway: [], proxy: [], direct: [], floor: [] };
  // Of the last round: where the CPU of one request goes, per process.
  const cpuPerRequest: Record<Variant, string> = { gateway: '', proxy: '', direct: '', floor: '' };
  for (let round = 0; round < rounds; round++) {
    for (const variant of variants) {
      const before = await meter();
      const result = requireClean(`${operation} ${variant}`, await runLoad(target(variant), { connections, durationSeconds: seconds }));
      const cpu = describeCpuPerRequest(before, await meter(), result.ok);
      log(`${operation} round ${round + 1} ${variant.padEnd(7)} ${describeLoad(result)}; CPU ms/request: ${cpu}`);
      cpuPerRequest[variant] = cpu;
      runs[variant].push(result);
    }
  }
  const rps = (variant: Variant) => runs[variant].reduce((sum, run) => sum + run.ok, 0) / runs[variant].reduce((sum, run) => sum + run.seconds, 0);
  const loadedP50 = (variant: Variant) => Math.max(...runs[variant].map((run) => run.p50Ms));
  const [gatewayMs, proxyMs, directMs] = await sequentialLatencies([target('gateway'), target('proxy'), target('direct')], latencySamples);
  log(`${operation} unloaded p50: gateway ${gatewayMs!.toFixed(3)} ms, proxy floor ${proxyMs!.toFixed(3)} ms, direct ${directMs!.toFixed(3)} ms`);
  const proxyShare = `a bare proxy on the same stack (the proxy floor): ${rps('proxy').toFixed(0)} req/s, ${(rps('proxy') / rps('direct')).toFixed(3)}× direct, CPU ms/request ${cpuPerRequest.proxy}`;
  const load = `${connections} connections, ${rounds}×${seconds} s per variant, variants interleaved`;
  return [
    measure({
      name: `request path ${operation}: gateway vs direct backend throughput`, value: rps('gateway'), unit: 'req/s', baseline: rps('direct'),
      compare: '≥', target: 0.75,
      detail: `${load}; loaded p50 gateway ${loadedP50('gateway').toFixed(1)} ms, direct ${loadedP50('direct').toFixed(1)} ms; CPU ms/request via gateway: ${cpuPerRequest.gateway}; direct: ${cpuPerRequest.direct}; ${proxyShare}`,
    }),
    measure({
      name: `request path ${operation}: gateway p50 overhead`, value: (gatewayMs! - directMs!) * 1000, unit: 'µs', on: 'value', compare: '<', target: 250,
      detail: `unloaded: median of ${latencySamples} sequential requests on one keep-alive connection each, gateway ${gatewayMs!.toFixed(2)} ms vs direct ${directMs!.toFixed(2)} ms, alternating; the proxy floor adds ${((proxyMs! - directMs!) * 1000).toFixed(0)} µs`,
    }),
    measure({
      name: `request path ${operation}: backend vs floor throughput`, value: rps('direct'), unit: 'req/s', baseline: rps('floor'),
      compare: '≥', target: 0.65,
      detail: `${load}; floor = bare Express + the backend's own SQL on a pg pool of ${POOL_MAX} as the tenant's role; CPU ms/request at the floor: ${cpuPerRequest.floor}`,
    }),
  ];
}
