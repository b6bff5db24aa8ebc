// Figure 3: the operator idle over a full fleet — CPU, memory and SQL over a window that holds a resync.
import { setTimeout as delay } from 'node:timers/promises';
import { measure, type Figure } from './figures.js';
import { operatorProgress, settled } from './operator-metrics.js';
import { cpuPercentOver, memory } from './process-usage.js';
import type { ScaledFleet } from './scaled-fleet.js';

export interface SteadyStateOptions {
  readonly windowMs: number;
  /** OPERATOR_RESYNC_PERIOD for the window; shorter than the window, so a resync falls inside it. */
  readonly resyncPeriod: string;
  readonly log: (line: string) => void;
}

export async function measureSteadyState(state: ScaledFleet, { windowMs, resyncPeriod, log }: SteadyStateOptions): Promise<Figure[]> {
  const { fleet, statements } = state;
  await fleet.restartOperator({ OPERATOR_RESYNC_PERIOD: resyncPeriod });
  const tenants = (await state.tenantNames()).length;
  await settled(fleet.operator, tenants);
  await statements.reset();
  const before = await operatorProgress(fleet.operator);
  const cpu = await cpuPercentOver(fleet.operator.process.pid, () => delay(windowMs));
  const after = await operatorProgress(fleet.operator);
  const sql = await statements.count();
  const { rssMb } = await memory(fleet.operator.process.pid);
  const reconciles = after.tenantReconciles - before.tenantReconciles;
  log(`idle ${(windowMs / 1000).toFixed(0)} s over ${tenants} tenants: CPU ${cpu.percent.toFixed(2)} %, ${reconciles} reconciles, ${sql.total} SQL statements, RSS ${rssMb.toFixed(0)} MB`);
  const window = `${tenants} Ready tenants, ${(windowMs / 1000).toFixed(0)} s idle, resync every ${resyncPeriod}: ${reconciles} tenant reconciles in the window`;
  return [
    measure({ name: 'operator CPU idle (incl. resync)', value: cpu.percent, unit: '% of a core', compare: '<', target: 2,
      detail: `${cpu.cpuSeconds.toFixed(2)} CPU s over ${cpu.wallSeconds.toFixed(1)} s; ${window}` }),
    measure({ name: 'SQL statements during idle resync', value: sql.total, unit: 'statements', compare: '=', target: 0,
      detail: sql.top.length > 0 ? sql.top.map((s) => `${s.calls}× ${s.query}`).join(' | ') : `pg_stat_statements; ${window}` }),
    // Without a resync inside the window, "no SQL" would prove nothing.
    measure({ name: 'tenant reconciles in the idle window', value: reconciles, unit: 'reconciles', compare: '≥', target: tenants,
      detail: `at least one resync (every ${resyncPeriod}) of all ${tenants} tenants` }),
    measure({ name: 'operator RSS idle', value: rssMb, unit: 'MB', compare: '<', target: 200, detail: `VmRSS with ${tenants} tenants cached, ${after.heapUsedMb.toFixed(0)} MB of it V8 heap in use; ${state.emptyOperatorRssMb.toFixed(0)} MB just after starting on an empty cluster` }),
  ];
}
