// Figure 7: one new tenant migration rolled out over the whole fleet, next to the same SQL run directly
// with the same concurrency; then what an operator restart costs in SQL per tenant; then another migration
// under a MigrationRollout policy (canaries, waves of a percentage), next to the all-at-once roll-out.
import { cpuCensus, describeCpu } from './cpu-census.js';
import { figure, measure, type Figure } from './figures.js';
import { rolloutMigration } from './migration-sets.js';
import { settled } from './operator-metrics.js';
import { measureWaveRollout } from './rollout-waves.js';
import type { ScaledFleet } from './scaled-fleet.js';

export interface RolloutOptions {
  readonly concurrency: number;
  readonly log: (line: string) => void;
}

const ratioTarget = 1.5;
/** Five times the best-known migration operator's ≈9 tenants/s (issue 8). */
const rateTarget = 45;
/** At most one cheap version query per tenant when the operator restarts. */
const restartStatementsTarget = 1;

export async function measureRollout(state: ScaledFleet, { concurrency, log }: RolloutOptions): Promise<Figure[]> {
  const { fleet, floor, statements, migrations } = state;
  const names = await state.tenantNames();
  await settled(fleet.operator, 0);
  await statements.reset();
  const cpuBefore = await cpuCensus(state.env, fleet.operator.process.pid);
  // The operator watches its migrations folder: the new file is the whole trigger.
  const started = performance.now();
  const migration = await migrations.add(rolloutMigration.slug, rolloutMigration.up, rolloutMigration.down);
  await Promise.all(names.map((name) => fleet.watch.whenMigrated(name, migration)));
  const rolloutMs = performance.now() - started;
  const operatorCpu = describeCpu(cpuBefore, await cpuCensus(state.env, fleet.operator.process.pid));
  for (const s of await statements.slowest(12)) log(`  sql ${s.totalMs.toFixed(0)} ms in ${s.calls} calls (mean ${s.meanMs.toFixed(2)} ms): ${s.query}`);
  const floorCpuBefore = await cpuCensus(state.env, fleet.operator.process.pid);
  const floorMs = await floor.migrateAll(state.floorTenants, [{ name: migration, sql: rolloutMigration.up }], concurrency);
  const floorCpu = describeCpu(floorCpuBefore, await cpuCensus(state.env, fleet.operator.process.pid));
  log(`  CPU used by the roll-out: ${operatorCpu}; by the floor: ${floorCpu}`);
  const rate = names.length / (rolloutMs / 1000);
  log(`roll-out of ${migration} to ${names.length} tenants: ${rolloutMs.toFixed(0)} ms (${rate.toFixed(1)} tenants/s); floor ${floorMs.toFixed(0)} ms for ${state.floorTenants.length}`);

  await statements.reset();
  await fleet.restartOperator();
  await settled(fleet.operator, names.length);
  const sql = await statements.count();
  const top = sql.top.map((s) => `${s.calls}× ${s.query}`).join(' | ');
  const fleetSize = `${names.length} tenants (${state.floorTenants.length} in the floor run)`;
  const waves = await measureWaveRollout(state, { names, allAtOnceMs: rolloutMs, concurrency, log });
  return [
    figure('roll out one migration to every tenant', rolloutMs, 'ms', floorMs * (names.length / state.floorTenants.length), ratioTarget,
      `${fleetSize}; floor: the migration's SQL over ${concurrency} sessions, scaled to the operator's tenant count; CPU during the roll-out: ${operatorCpu}; during the floor: ${floorCpu}`),
    measure({ name: 'roll-out rate', value: rate, unit: 'tenants/s', compare: '≥', target: rateTarget, detail: 'from the new file on disk to the last tenant reporting it' }),
    measure({ name: 'SQL statements per tenant on operator restart', value: sql.total / names.length, unit: 'statements', target: restartStatementsTarget,
      detail: `${sql.total} in all${sql.evicted ? `, ${sql.evicted} pg_stat_statements entries evicted` : ''}${top ? `: ${top}` : ''}` }),
    ...waves,
  ];
}
