// Builds conditions by kstatus rules (Tenants, DatabaseServers, the MigrationRollout); the only place that writes a condition.
// kstatus: `Ready` is the summary; `Reconciling` and `Stalled` are abnormal-true conditions that are
// present (True) only while the controller is working or stuck, and removed otherwise.
import type { Condition } from '@tenantry/runtime';

export type ConditionType = 'Ready' | 'Reconciling' | 'Stalled' | 'DatabaseReady' | 'MigrationsApplied' | 'Reachable';
export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface ConditionInput {
  readonly type: ConditionType;
  readonly status: ConditionStatus;
  readonly reason: string;
  readonly message: string;
}

/**
 * The outcome of one reconcile pass, from which every condition is derived. kstatus (Flux, Helm's wait) reads
 * Ready=True without Reconciling or Stalled as Current: a suspension carried out is such a reconciled state,
 * so it is Ready=True with reason Suspended; whether a tenant serves requests is its phase, not Ready.
 */
export type Progress =
  | { readonly state: 'ready'; readonly reason?: string; readonly message: string }
  | { readonly state: 'working'; readonly reason: string; readonly message: string }
  | { readonly state: 'stalled'; readonly reason: string; readonly message: string }
  | { readonly state: 'suspended'; readonly reason?: string; readonly message: string }
  | { readonly state: 'deleting'; readonly reason: string; readonly message: string };

export interface ConditionFacts {
  readonly progress: Progress;
  readonly databaseReady: { ok: boolean; reason: string; message: string } | undefined;
  readonly migrations: { ok: boolean; reason: string; message: string } | undefined;
}

export function desiredConditions({ progress, databaseReady, migrations }: ConditionFacts): ConditionInput[] {
  const conditions: ConditionInput[] = [];
  switch (progress.state) {
    case 'ready':
      conditions.push({ type: 'Ready', status: 'True', reason: progress.reason ?? 'Provisioned', message: progress.message });
      break;
    case 'suspended':
      conditions.push({ type: 'Ready', status: 'True', reason: progress.reason ?? 'Suspended', message: progress.message });
      break;
    case 'working':
    case 'deleting':
      conditions.push({ type: 'Ready', status: 'False', reason: progress.reason, message: progress.message });
      conditions.push({ type: 'Reconciling', status: 'True', reason: progress.reason, message: progress.message });
      break;
    case 'stalled':
      conditions.push({ type: 'Ready', status: 'False', reason: progress.reason, message: progress.message });
      conditions.push({ type: 'Stalled', status: 'True', reason: progress.reason, message: progress.message });
      break;
  }
  if (databaseReady) {
    conditions.push({ type: 'DatabaseReady', status: databaseReady.ok ? 'True' : 'False', reason: databaseReady.reason, message: databaseReady.message });
  }
  if (migrations) {
    conditions.push({ type: 'MigrationsApplied', status: migrations.ok ? 'True' : 'False', reason: migrations.reason, message: migrations.message });
  }
  return conditions;
}

/**
 * Merges desired conditions into the previous ones: `lastTransitionTime` moves only when the status
 * value changes (metav1.Condition semantics), and conditions no longer desired are dropped.
 */
export function mergeConditions(
  previous: readonly Condition[] | undefined,
  desired: readonly ConditionInput[],
  generation: number,
  now: Date,
): Condition[] {
  return desired.map((condition) => {
    const before = previous?.find((existing) => existing.type === condition.type);
    const lastTransitionTime = before && before.status === condition.status ? before.lastTransitionTime : now.toISOString();
    return { ...condition, observedGeneration: generation, lastTransitionTime };
  });
}
