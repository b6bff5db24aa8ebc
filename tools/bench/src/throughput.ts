// Figure 2: many tenants created at once — silo and pool bursts next to the physical floor and the SQL-only
// floor, both run with the operator's concurrency, plus what the burst cost in operator memory and API writes.
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

/** Against the physical floor: 1,000 pool within 1.5× (issue 17); 100 silo within 1.2× (issue 8's bound, kept). */
const physicalTargets: Record<Tier, number> = { silo: 1.2, pool: 1.5 };
/** Against the SQL alone (issue 8). */
const sqlOnlyTargets: Record<Tier, number> = { silo: 1.2, pool: 1.5 };
const poolDeadlineMs = 30_000;
/**
 * Writes per new tenant a crash-safe operator needs (issue 17): the finalizer with the placement, the
 * credentials Secret, one status. More means retries, conflicts or needless writes (reads are in the detail).
 */
const writesPerTenantTarget = 3;
const peakRssTargetMb = 256;

export async function measureThroughput(state: ScaledFleet, { silo, pool, concurrency, log }: ThroughputOptions): Promise<{ figures: Figure[]; floorTenants: FloorTenant[] }> {
  const { env, fleet } = state;
  // Warm-up: the pool database, the silo template, connections and the JIT.
  await fleet.provision('pool');
  await fleet.provision('silo');
  const figures: Figure[] = [];
  const floorTenants: FloorTenant[] = [];
  for (const [tier, count] of [['silo', silo], ['pool', pool]] as const) {
    const census = () => cpuCensus(env, fleet.operator.process.pid);
    const before = await apiRequestCounts(env);
    await state.statements.reset();
    const cpuBefore = await census();
    const burst = await fleet.provisionMany(tier, count, 32);
    const operatorCpu = describeCpu(cpuBefore, await census());
    for (const s of await state.statements.slowest(8)) log(`  sql ${s.totalMs.toFixed(0)} ms in ${s.calls} calls (mean ${s.meanMs.toFixed(2)} ms): ${s.query}`);
    const { requests, clockBound } = writesOf(requestDelta(before, await apiRequestCounts(env)), count);
    const physicalBefore = await census();
    const physical = await state.physical.provisionMany(tier, count, concurrency);
    const physicalCpu = describeCpu(physicalBefore, await census());
    const sqlBefore = await census();
    const sqlRun = await state.floor.provisionMany(tier, count, concurrency);
    const sqlCpu = describeCpu(sqlBefore, await census());
    floorTenants.push(...sqlRun.tenants);
    log(`${count} ${tier} tenants at once: operator ${burst.elapsedMs.toFixed(0)} ms, physical floor ${physical.elapsedMs.toFixed(0)} ms, SQL-only floor ${sqlRun.elapsedMs.toFixed(0)} ms (${concurrency} workers)`);
    log(`  CPU used by the operator's burst: ${operatorCpu}; by the physical floor's: ${physicalCpu}; by the SQL-only floor's: ${sqlCpu}`);
    figures.push(figure(`provision ${count} ${tier} tenants at once vs physical floor`, burst.elapsedMs, 'ms', physical.elapsedMs, physicalTargets[tier],
      `operator concurrency ${concurrency}, physical floor ${concurrency} workers; CPU during the burst: ${operatorCpu}; during the physical floor: ${physicalCpu}`));
    figures.push(figure(`provision ${count} ${tier} tenants at once vs SQL-only floor`, burst.elapsedMs, 'ms', sqlRun.elapsedMs, sqlOnlyTargets[tier],
      `SQL-only floor ${concurrency} sessions; CPU: ${sqlCpu}`));
    if (tier === 'pool') {
      figures.push(measure({ name: `${count} pool tenants all Ready`, value: burst.elapsedMs, unit: 'ms', compare: '<', target: poolDeadlineMs }));
    }
    const writes = requests.filter((entry) => !/^(GET|LIST) /.test(entry.request)).reduce((sum, entry) => sum + entry.count, 0);
    figures.push(measure({
      name: `API writes per new ${tier} tenant (burst)`, value: writes / count, unit: 'requests', target: writesPerTenantTarget,
      detail: `${requests.map((entry) => `${entry.request} ${(entry.count / count).toFixed(2)}`).join(', ')}; `
        + `bound by the clock, not the tenants (not counted): ${clockBound.map((entry) => `${entry.request} ${entry.count}`).join(', ') || 'none'}`,
    }));
  }
  const { peakRssMb } = await memory(fleet.operator.process.pid);
  figures.push(measure({ name: 'operator peak RSS (bursts)', value: peakRssMb, unit: 'MB', target: peakRssTargetMb,
    detail: `VmHWM of the operator process; memory limit ${fleet.memoryLimit}` }));
  return { figures, floorTenants };
}

/**
 * The requests the operator made for `count` new tenants: the benchmark's own creates left out, and what
 * follows the clock rather than the tenants: lease renewals, the API server's own endpoints upkeep, and the
 * DatabaseServers' tenant counts (one status write per server and second at most, however many tenants).
 */
function writesOf(all: Array<{ request: string; count: number }>, count: number) {
  const clock = / (leases|endpoints|endpointslices|databaseservers\/status)$/;
  const requests = all.map((entry) => (entry.request === 'POST tenants' ? { ...entry, count: entry.count - count } : entry)).filter((entry) => entry.count > 0);
  return {
    requests: requests.filter((entry) => !clock.test(entry.request)),
    clockBound: requests.filter((entry) => clock.test(entry.request) && !/^(GET|LIST) /.test(entry.request)),
  };
}
