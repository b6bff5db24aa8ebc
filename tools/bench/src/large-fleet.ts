// The fleet figure: 10,000 pool tenants spread by placement over two DatabaseServers (two PostgreSQL clusters),
// in an environment of its own: time until all are Ready, the operator's RSS during and after, an operator
// restart to steady with the SQL it sends, and what one resync of every tenant costs.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { CustomObjectsApi } from '@kubernetes/client-node';
import { startEnvironment, startPostgres, type Environment } from '@tenantry/harness';
import type { DatabaseServer } from '@tenantry/runtime';
import { cpuCensus, describeCpu } from './cpu-census.js';
import { measure, type Figure } from './figures.js';
import { operatorProgress, settled } from './operator-metrics.js';
import { startOperatorFleet, type OperatorFleet } from './operator-fleet.js';
import { cpuPercentOver, memory } from './process-usage.js';
import { createStatementCounter, type StatementCounter } from './sql-statements.js';

export interface LargeFleetOptions {
  readonly tenants: number;
  readonly concurrency: number;
  /** OPERATOR_RESYNC_PERIOD after the restart: one resync falls in the measured window. */
  readonly resyncPeriod: string;
  readonly resyncWindowMs: number;
  readonly log: (line: string) => void;
}

const allReadyTargetMs = 180_000;
const rssTargetMb = 256;
const restartTargetMs = 30_000;
const restartStatementsTarget = 1;
/** My bound: a resync is a cache read per tenant, well under a millisecond each. */
const resyncCpuTargetSeconds = 5;

export async function benchmarkLargeFleet(options: LargeFleetOptions): Promise<Figure[]> {
  const { tenants, concurrency, log } = options;
  const env = await startEnvironment({ durable: true, keepDir: process.env['BENCH_KEEP_DIR'] === '1' });
  const secondDir = join(env.dir, 'second');
  await mkdir(secondDir, { recursive: true });
  const second = await startPostgres(secondDir, { durable: true });
  const statements = [await createStatementCounter(env.postgres.url), await createStatementCounter(second.url)];
  const servers = [{ name: 'fleet-a', postgres: env.postgres }, { name: 'fleet-b', postgres: second }];
  const fleet = await startOperatorFleet(env, { concurrency, servers });
  try {
    log(`creating ${tenants} pool tenants spread over ${servers.length} DatabaseServers; operator memory limit: ${fleet.memoryLimit}`);
    await fleet.provision('pool'); // warm-up: the pool database, connections, the JIT
    const cpuBefore = await cpuCensus(env, fleet.operator.process.pid);
    const burst = await fleet.provisionMany('pool', tenants, 32);
    const burstCpu = describeCpu(cpuBefore, await cpuCensus(env, fleet.operator.process.pid));
    const peak = await memory(fleet.operator.process.pid);
    const spread = await tenantCounts(env);
    log(`${tenants} pool tenants Ready in ${(burst.elapsedMs / 1000).toFixed(1)} s (${(tenants / (burst.elapsedMs / 1000)).toFixed(0)}/s); on the servers: ${spread}; CPU: ${burstCpu}`);
    await delay(10_000); // the burst's garbage has had time to go
    const idle = await memory(fleet.operator.process.pid);
    const { heapUsedMb, memoryDetail } = await operatorProgress(fleet.operator);
    log(`operator idle after the burst: RSS ${idle.rssMb.toFixed(0)} MB, peak ${peak.peakRssMb.toFixed(0)} MB; ${memoryDetail}`);
    const restart = await measureRestart(fleet, statements, tenants + 1, options);
    return [
      measure({ name: `${tenants} pool tenants over 2 servers, all Ready`, value: burst.elapsedMs, unit: 'ms', compare: '<', target: allReadyTargetMs,
        detail: `${(tenants / (burst.elapsedMs / 1000)).toFixed(0)} tenants/s, placement spread them: ${spread}; CPU during the burst: ${burstCpu}` }),
      measure({ name: `operator peak RSS, ${tenants}-tenant burst`, value: peak.peakRssMb, unit: 'MB', target: rssTargetMb,
        detail: `VmHWM of the operator process; memory limit ${fleet.memoryLimit}` }),
      measure({ name: `operator RSS idle with ${tenants} tenants`, value: idle.rssMb, unit: 'MB', target: rssTargetMb,
        detail: `10 s after the burst, ${heapUsedMb.toFixed(0)} MB V8 heap in use; a restarted operator, steady: ${restart.rssMb.toFixed(0)} MB (${restart.heapUsedMb.toFixed(0)} MB heap)` }),
      ...restart.figures,
    ];
  } finally {
    // Minutes of measuring must not be lost to a teardown that fails (a cluster slow to stop under load).
    await teardown(log, [
      () => fleet.stop(), () => Promise.all(statements.map((counter) => counter.close())), () => second.stop(), () => env.stop(),
    ]);
  }
}

async function teardown(log: (line: string) => void, steps: ReadonlyArray<() => Promise<unknown>>): Promise<void> {
  for (const step of steps) {
    await step().catch((error: unknown) => log(`teardown: ${error instanceof Error ? error.message : String(error)}`));
  }
}

interface RestartResult { readonly figures: Figure[]; readonly rssMb: number; readonly heapUsedMb: number }

/** Restart (graceful), time to steady with the SQL sent meanwhile, then one resync of every tenant. */
async function measureRestart(fleet: OperatorFleet, statements: StatementCounter[], tenants: number, options: LargeFleetOptions): Promise<RestartResult> {
  await Promise.all(statements.map((counter) => counter.reset()));
  const started = performance.now();
  await fleet.restartOperator({ OPERATOR_RESYNC_PERIOD: options.resyncPeriod });
  await settled(fleet.operator, tenants, 120_000);
  const steadyMs = performance.now() - started;
  const sql = await countAll(statements);
  options.log(`restart to steady: ${(steadyMs / 1000).toFixed(1)} s, ${sql.total} SQL statements`);
  const { rssMb } = await memory(fleet.operator.process.pid);
  options.log(`restarted operator, steady: RSS ${rssMb.toFixed(0)} MB; ${(await operatorProgress(fleet.operator)).memoryDetail}`);
  await Promise.all(statements.map((counter) => counter.reset()));
  const before = await operatorProgress(fleet.operator);
  const cpu = await cpuPercentOver(fleet.operator.process.pid, () => delay(options.resyncWindowMs));
  const after = await operatorProgress(fleet.operator);
  const resyncSql = await countAll(statements);
  const passes = (after.tenantReconciles - before.tenantReconciles) / tenants;
  const reconcileSeconds = after.tenantReconcileSeconds - before.tenantReconcileSeconds;
  options.log(`resync window ${(options.resyncWindowMs / 1000).toFixed(0)} s: ${passes.toFixed(2)} passes over every tenant, ${cpu.cpuSeconds.toFixed(2)} CPU s, ${resyncSql.total} SQL`);
  const window = `${(options.resyncWindowMs / 1000).toFixed(0)} s window, resync every ${options.resyncPeriod}: ${passes.toFixed(2)} passes over ${tenants} tenants`;
  return {
    rssMb, heapUsedMb: after.heapUsedMb,
    figures: [
      measure({ name: `restart with ${tenants} Ready tenants: SQL per tenant`, value: sql.total / tenants, unit: 'statements', target: restartStatementsTarget,
        detail: `${sql.total} in all on both servers${sql.top ? `: ${sql.top}` : ''}` }),
      measure({ name: `restart with ${tenants} Ready tenants: time to steady`, value: steadyMs, unit: 'ms', compare: '<', target: restartTargetMs,
        detail: 'from the graceful stop of the old process to every tenant reconciled once with nothing queued' }),
      measure({ name: `resync of ${tenants} tenants: operator CPU`, value: passes > 0 ? cpu.cpuSeconds / Math.max(1, Math.round(passes)) : cpu.cpuSeconds, unit: 'CPU s',
        target: resyncCpuTargetSeconds, detail: `${cpu.cpuSeconds.toFixed(2)} CPU s over the ${window}; ${reconcileSeconds.toFixed(2)} s inside reconciles (my bound)` }),
      measure({ name: `resync of ${tenants} tenants: SQL statements`, value: resyncSql.total, unit: 'statements', compare: '=', target: 0, detail: window }),
    ],
  };
}

async function countAll(statements: StatementCounter[]): Promise<{ total: number; top: string }> {
  const counts = await Promise.all(statements.map((counter) => counter.count()));
  return {
    total: counts.reduce((sum, count) => sum + count.total, 0),
    top: counts.flatMap((count) => count.top).map((s) => `${s.calls}× ${s.query}`).slice(0, 4).join(' | '),
  };
}

/** "fleet-a 5001, fleet-b 5000": the DatabaseServers' own tenant counts. */
async function tenantCounts(env: Environment): Promise<string> {
  const objects = env.kubeConfig().makeApiClient(CustomObjectsApi);
  const list = await objects.listClusterCustomObject({ group: 'tenantry.dev', version: 'v1alpha1', plural: 'databaseservers' }) as { items: DatabaseServer[] };
  return list.items.map((server) => `${server.metadata.name} ${server.status?.tenantCount ?? '?'}`).join(', ');
}
