// The operator as its own process plus a fleet of Tenants it provisions: what most benchmarks start from.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CustomObjectsApi } from '@kubernetes/client-node';
import { chartMemoryLimitBytes, imageNodeOptions, installCrds, registerDatabaseServer, repositoryRoot, startNodeService, type Environment, type NodeService, type Postgres } from '@tenantry/harness';
import { KeepAliveKubeConfig } from '@tenantry/runtime';
import { watchReady, type ReadyWatch } from './tenant-watch.js';

export const BENCH_NAMESPACE = 'tenantry-system';
export const BENCH_DATABASE_SERVER = 'bench';
export const TENANT_MIGRATIONS_DIR = join(repositoryRoot, 'migrations', 'tenant');

export type Tier = 'pool' | 'silo';

export interface OperatorFleetOptions {
  readonly concurrency: number;
  /** Defaults to migrations/tenant; benchmarks that add migrations pass a copy. */
  readonly migrationsDir?: string;
  /** Extra environment for the operator process (e.g. OPERATOR_RESYNC_PERIOD). */
  readonly env?: Record<string, string>;
  /**
   * DatabaseServers to register, each with a capacity of 100,000; tenants then name none and placement spreads
   * them. Default: the environment's PostgreSQL as `bench`, named by every tenant.
   */
  readonly servers?: ReadonlyArray<{ readonly name: string; readonly postgres: Postgres }>;
}

export interface OperatorFleet {
  readonly operator: NodeService;
  /** The memory limit the operator runs under: the chart's, as a cgroup, when this machine allows one. */
  readonly memoryLimit: string;
  readonly watch: ReadyWatch;
  /** Creates one Tenant and resolves with the milliseconds until a watch saw it Ready. */
  provision(tier: Tier, name?: string): Promise<number>;
  /** Creates `count` Tenants with at most `inFlight` create calls open, and waits until all are Ready. */
  provisionMany(tier: Tier, count: number, inFlight?: number): Promise<{ names: string[]; elapsedMs: number }>;
  /** Restarts the operator process (graceful stop), with `env` added to its settings from now on. */
  restartOperator(env?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

/** Installs the CRDs and a DatabaseServer (idempotent), starts the operator and a Ready watch. */
export async function startOperatorFleet(env: Environment, options: OperatorFleetOptions): Promise<OperatorFleet> {
  await installCrds(env);
  const servers = options.servers ?? [{ name: BENCH_DATABASE_SERVER, postgres: env.postgres }];
  for (const { name, postgres } of servers) await registerDatabaseServer(env, { name, postgres, namespace: BENCH_NAMESPACE, capacity: 100_000 });
  const databaseServer = options.servers === undefined ? { databaseServer: BENCH_DATABASE_SERVER } : {};
  let operatorEnv = { ...options.env };
  // Heap settings as the operator's image has them: what production runs.
  const nodeOptions = [imageNodeOptions('operator'), ...profiling()].join(' ').trim();
  const startOperator = () => startNodeService({
    name: 'operator-bench', entry: 'operator/src/main.ts', logDir: env.dir, portVariable: 'OPERATOR_HTTP_PORT',
    readyTimeoutMs: 120_000,
    // The chart's memory limit, as a cgroup: Node sizes its heap from it, as it does in the operator's pod.
    memoryLimitBytes: chartMemoryLimitBytes('operator'),
    env: {
      KUBECONFIG: env.kubeconfigFile, OPERATOR_NAMESPACE: BENCH_NAMESPACE, OPERATOR_HTTP_HOST: '127.0.0.1',
      OPERATOR_CONCURRENCY: String(options.concurrency), TENANT_MIGRATIONS_DIR: options.migrationsDir ?? TENANT_MIGRATIONS_DIR,
      LOG_LEVEL: process.env['BENCH_OPERATOR_LOG_LEVEL'] ?? 'warn',
      NODE_OPTIONS: nodeOptions,
      ...operatorEnv,
    },
  });
  let operator = await startOperator();
  const watch = await watchReady(env.kubeConfig());
  // Keep-alive like the operator's client, so the creates cost the API server no TLS handshake each.
  const client = new KeepAliveKubeConfig();
  client.loadFromFile(env.kubeconfigFile);
  const objects = client.makeApiClient(CustomObjectsApi);
  const run = randomBytes(2).toString('hex');
  let counter = 0;

  const create = async (tier: Tier, name: string) => {
    await objects.createClusterCustomObject({
      group: 'tenantry.dev', version: 'v1alpha1', plural: 'tenants',
      body: { apiVersion: 'tenantry.dev/v1alpha1', kind: 'Tenant', metadata: { name }, spec: { displayName: name, tier, ...databaseServer } },
    });
  };
  const nextName = (tier: Tier) => `b${run}-${tier}-${counter++}`;

  return {
    get operator() { return operator; },
    get memoryLimit() {
      const bytes = operator.process.memoryLimitBytes;
      return bytes === undefined ? 'none (no memory cgroup on this machine)' : `${(bytes / 2 ** 20).toFixed(0)} MiB cgroup, the chart's limit`;
    },
    watch,
    async provision(tier, name = nextName(tier)) {
      const started = performance.now();
      await create(tier, name);
      return (await watch.whenReady(name)) - started;
    },
    async provisionMany(tier, count, inFlight = 32) {
      const names = Array.from({ length: count }, () => nextName(tier));
      const started = performance.now();
      const ready = names.map((name) => watch.whenReady(name));
      let next = 0;
      await Promise.all(Array.from({ length: Math.min(inFlight, count) }, async () => {
        while (next < names.length) await create(tier, names[next++]!);
      }));
      await Promise.all(ready);
      return { names, elapsedMs: performance.now() - started };
    },
    async restartOperator(env = {}) {
      operatorEnv = { ...operatorEnv, ...env };
      await operator.stop();
      operator = await startOperator();
    },
    async stop() {
      watch.stop();
      await operator.stop();
    },
  };
}

/**
 * BENCH_OPERATOR_PROF_DIR=<dir> writes a V8 CPU profile of every operator process there when it stops;
 * BENCH_OPERATOR_NODE_OPTIONS adds Node options of one's own (e.g. --heapsnapshot-signal=SIGUSR2).
 */
function profiling(): string[] {
  const dir = process.env['BENCH_OPERATOR_PROF_DIR'];
  return [...(dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []), ...(process.env['BENCH_OPERATOR_NODE_OPTIONS'] ?? '').split(' ').filter(Boolean)];
}
