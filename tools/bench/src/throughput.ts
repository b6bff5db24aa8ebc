// Figure 2: many tenants created at once — silo and pool bursts next to the floor run with the same
// concurrency, plus what the burst cost in operator memory and API-server requests per tenant.
import { apiRequestCounts, requestDelta } from './apiserver-requests.js';
import { cpuCensus, describeCpu } from './cpu-census.js';
import { figure, measure, type Figure } from './figures.js';
import type { FloorTenant } from './floor-sessions.js';
import { memory } from './process-usage.js';
import type { ScaledFleet } from './scaled-fleet.js';
import type { Tier } from './operator-fleet.js';

export interface ThroughputOptions {
  readonly silo: number;
  readonly pool: number;
  readonly concurrency: number;
  readonly log: (line: string) => void;
}

/** 100 silo within 1.2× and 1,000 pool within 1.5× of the floor at the same concurrency (issue 8). */
const burstTargets: Record<Tier, number> = { silo: 1.2, pool: 1.5 };
const poolDeadlineMs = 30_000;
/**
 * Writes per tenant the recipe needs: the finalizer, the placement status, the Secret, the final status
 * and one event. More means retries, conflicts or needless status writes (reads are listed in the detail).
 */
const writesPerTenantTarget = 5;
/** The issue sets no bound for the peak; this one leaves a 512 MiB container limit half free. */
const peakRssTargetMb = 256;

export async function measureThroughput(state: ScaledFleet, { silo, pool, concurrency, log }: ThroughputOptions): Promise<{ figures: Figure[]; floorTenants: FloorTenant[] }> {
  const { env, fleet, floor, statements } = state;
  // Warm-up: the pool database, the silo template, connections and the JIT.
  await fleet.provision('pool');
  await fleet.provision('silo');
  const figures: Figure[] = [];
  const floorTenants: FloorTenant[] = [];
  for (const [tier, count] of [['silo', silo], ['pool', pool]] as const) {
    const before = await apiRequestCounts(env);
    await statements.reset();
    const cpuBefore = await cpuCensus(env, fleet.operator.process.pid);
    const burst = await fleet.provisionMany(tier, count, 32);
    const operatorCpu = describeCpu(cpuBefore, await cpuCensus(env, fleet.operator.process.pid));
    for (const s of await statements.slowest(8)) log(`  sql ${s.totalMs.toFixed(0)} ms in ${s.calls} calls (mean ${s.meanMs.toFixed(2)} ms): ${s.query}`);
    const requests = requestDelta(before, await apiRequestCounts(env))
      // The benchmark's own creates, and what follows the clock rather than the tenants: lease renewals
      // (the operator's and the controller manager's) and the API server's own endpoints upkeep.
      .map((entry) => (entry.request === 'POST tenants' ? { ...entry, count: entry.count - count } : entry))
      .filter((entry) => entry.count > 0 && !/ (leases|endpoints|endpointslices)$/.test(entry.request));
    const floorCpuBefore = await cpuCensus(env, fleet.operator.process.pid);
    const floorRun = await floor.provisionMany(tier, count, concurrency);
    const floorCpu = describeCpu(floorCpuBefore, await cpuCensus(env, fleet.operator.process.pid));
    floorTenants.push(...floorRun.tenants);
    log(`${count} ${tier} tenants at once: operator ${burst.elapsedMs.toFixed(0)} ms, floor (${concurrency} sessions) ${floorRun.elapsedMs.toFixed(0)} ms`);
    log(`  CPU used by the operator's burst: ${operatorCpu}; by the floor's: ${floorCpu}`);
    figures.push(figure(`provision ${count} ${tier} tenants at once`, burst.elapsedMs, 'ms', floorRun.elapsedMs, burstTargets[tier],
      `operator concurrency ${concurrency}, floor ${concurrency} sessions; CPU during the burst: ${operatorCpu}; during the floor: ${floorCpu}`));
    if (tier === 'pool') {
      figures.push(measure({ name: `${count} pool tenants all Ready`, value: burst.elapsedMs, unit: 'ms', compare: '<', target: poolDeadlineMs }));
    }
    const writes = requests.filter((entry) => !/^(GET|LIST) /.test(entry.request)).reduce((sum, entry) => sum + entry.count, 0);
    figures.push(measure({
      name: `API writes per ${tier} tenant (burst)`, value: writes / count, unit: 'requests', target: writesPerTenantTarget,
      detail: requests.map((entry) => `${entry.request} ${(entry.count / count).toFixed(2)}`).join(', '),
    }));
  }
  const { peakRssMb } = await memory(fleet.operator.process.pid);
  figures.push(measure({ name: 'operator peak RSS (bursts)', value: peakRssMb, unit: 'MB', compare: '<', target: peakRssTargetMb, detail: 'VmHWM of the operator process' }));
  return { figures, floorTenants };
}
