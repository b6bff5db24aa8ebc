// Computes a MigrationRollout's next status from the tenants the operator sees, the migration set on disk and
// the outcomes the gate heard: which wave is open, what failed, whether it halts. Pure: no I/O. Everything
// a restarted operator needs to resume is in the status it returns, never in memory.
import type { MigrationRollout, MigrationRolloutStatus, Tenant } from '@tenantry/runtime';
import { conditionIsTrue, findCondition } from '@tenantry/runtime';
import type { MigrationSet } from '../postgres/migration-catalog.js';
import { desiredConditions, mergeConditions, type Progress } from './conditions.js';
import { selects } from './label-selector.js';
import type { ReportedFailure } from './rollout-gate.js';
import { rolloutPlan } from './rollout-plan.js';
import { stripUndefined } from './tenant-status.js';

export interface RolloutInputs {
  readonly rollout: MigrationRollout;
  readonly tenants: readonly Tenant[];
  readonly set: MigrationSet;
  readonly digest: string;
  readonly outcomes: { readonly failed: ReadonlyMap<string, ReportedFailure>; readonly succeeded: ReadonlySet<string> };
  readonly migrating: number;
  readonly now: Date;
}

type Failure = NonNullable<MigrationRolloutStatus['failures']>[number];
const maxFailuresListed = 50;

/** Provisioned, not suspended, not being deleted: the tenants a roll-out migrates (a new tenant gets the whole set anyway). */
export function coveredTenants(tenants: readonly Tenant[]): Tenant[] {
  return tenants.filter((tenant) => !tenant.metadata.deletionTimestamp && tenant.status?.provisionedAt !== undefined && !tenant.spec.suspended)
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
}

export function hasSet(tenant: Tenant, set: MigrationSet): boolean {
  const migrations = tenant.status?.migrations;
  return migrations?.latest === set.latest && migrations?.applied === set.names.length;
}

/** Tenants per wave: a count, or a percentage (rounded up) of the non-canary tenants covered; all of them by default. */
export function resolveWaveSize(waveSize: number | string | undefined, tenants: number): number {
  if (waveSize === undefined) return Math.max(1, tenants);
  if (typeof waveSize === 'number') return Math.max(1, waveSize);
  const percent = Number.parseInt(waveSize, 10);
  return Math.max(1, Math.ceil((tenants * percent) / 100));
}

export function computeRolloutStatus(inputs: RolloutInputs): MigrationRolloutStatus {
  const { rollout, set, digest, now } = inputs;
  const previous = rollout.status ?? {};
  const generation = rollout.metadata.generation ?? 0;
  const fresh = previous.target?.latest !== set.latest || previous.target?.migrations !== set.names.length;
  const covered = coveredTenants(inputs.tenants);
  const behind = covered.filter((tenant) => !hasSet(tenant, set));
  const isCanary = (tenant: Tenant) => selects(rollout.spec.canary?.selector, tenant.metadata.labels);
  const failures = failuresOf(fresh ? [] : previous.failures ?? [], behind, inputs.outcomes, digest);
  const failedNow = new Set(failures.filter((failure) => failure.digest === digest).map((failure) => failure.tenant));
  const maxFailures = rollout.spec.maxFailures ?? 0;
  const halted = failedNow.size > maxFailures;
  const waveSize = resolveWaveSize(rollout.spec.waveSize, covered.filter((tenant) => !isCanary(tenant)).length);

  let wave = fresh ? 0 : previous.wave ?? 0;
  let through = fresh ? undefined : previous.admittedThrough;
  const admitted = (tenant: Tenant) => isCanary(tenant) || (wave >= 1 && through !== undefined && tenant.metadata.name <= through);
  if (!rollout.spec.paused && !halted) {
    // The next wave opens once every tenant admitted so far has the set or failed on it as it is now.
    while (behind.filter(admitted).every((tenant) => failedNow.has(tenant.metadata.name))) {
      const next = behind.filter((tenant) => !isCanary(tenant) && (through === undefined || tenant.metadata.name > through));
      if (next.length === 0) break;
      wave += 1;
      through = next[Math.min(waveSize, next.length) - 1]!.metadata.name;
    }
  }
  const complete = behind.every((tenant) => failedNow.has(tenant.metadata.name));
  const phase = rollout.spec.paused ? 'Paused' : halted ? 'Halted' : complete ? 'Complete' : wave === 0 ? 'Canary' : 'Waves';
  const plan = rolloutPlan({ behind, set, isCanary, wave, through, waveSize });
  const counts = { total: covered.length, done: covered.length - behind.length, failed: failedNow.size, pending: behind.length - failedNow.size, migrating: inputs.migrating };
  const progress = progressOf(phase, { ...counts, latest: set.latest, wave, waves: plan.waves, maxFailures, failures: failures.filter((f) => failedNow.has(f.tenant)) });
  return stripUndefined({
    phase,
    observedGeneration: generation,
    conditions: mergeConditions(previous.conditions, desiredConditions({ progress, databaseReady: undefined, migrations: undefined }), generation, now),
    target: { latest: set.latest, migrations: set.names.length, digest },
    startedAt: fresh ? now.toISOString() : previous.startedAt ?? now.toISOString(),
    completedAt: phase === 'Complete' ? (fresh ? undefined : previous.completedAt) ?? now.toISOString() : undefined,
    wave,
    waves: plan.waves,
    waveSize,
    admittedThrough: through,
    tenants: counts,
    failures: failures.length > 0 ? failures.slice(0, maxFailuresListed) : undefined,
    plan: plan.status,
    message: progress.message,
  });
}

/**
 * The failures of this roll-out: earlier ones, what the gate heard since, and any Stalled tenant the
 * record lacks (an operator that died before writing it down). A tenant that has the set, succeeded or
 * is no longer covered is no failure.
 */
function failuresOf(previous: readonly Failure[], behind: readonly Tenant[], outcomes: RolloutInputs['outcomes'], digest: string): Failure[] {
  const byTenant = new Map(previous.map((failure) => [failure.tenant, failure]));
  for (const name of outcomes.succeeded) byTenant.delete(name);
  for (const [tenant, { digest: failedOn, message }] of outcomes.failed) byTenant.set(tenant, { tenant, digest: failedOn || digest, message: message.slice(0, 2048) });
  for (const tenant of behind) {
    const stalled = conditionIsTrue(tenant, 'Stalled') && findCondition(tenant, 'Stalled')?.reason === 'MigrationFailed';
    if (stalled && !byTenant.has(tenant.metadata.name)) {
      byTenant.set(tenant.metadata.name, { tenant: tenant.metadata.name, digest, message: (findCondition(tenant, 'Stalled')?.message ?? '').slice(0, 2048) });
    }
  }
  const stillBehind = new Set(behind.map((tenant) => tenant.metadata.name));
  return [...byTenant.values()].filter((failure) => stillBehind.has(failure.tenant)).sort((a, b) => (a.tenant < b.tenant ? -1 : 1));
}

interface Summary {
  readonly latest: string | undefined;
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  readonly wave: number;
  readonly waves: number;
  readonly maxFailures: number;
  readonly failures: readonly Failure[];
}

function progressOf(phase: NonNullable<MigrationRolloutStatus['phase']>, summary: Summary): Progress {
  const { latest = 'no migrations', total, done, failed } = summary;
  const tally = `${done} of ${total} tenants have ${latest}, ${failed} failed`;
  switch (phase) {
    case 'Paused':
      return { state: 'suspended', reason: 'Paused', message: `paused: ${tally}; status.plan shows what would run; set spec.paused to false to start` };
    case 'Halted': {
      const first = summary.failures[0];
      return {
        state: 'stalled', reason: 'FailureThresholdExceeded',
        message: `halted: ${failed} tenant${failed === 1 ? '' : 's'} failed, more than maxFailures ${summary.maxFailures}`
          + `${first ? ` (${first.tenant}: ${first.message})` : ''}; no other tenant starts until the migration is fixed, a failed tenant migrates, or maxFailures rises`,
      };
    }
    case 'Complete':
      return { state: 'ready', reason: 'RolloutComplete', message: `complete: ${tally}` };
    default: {
      const stage = summary.wave === 0 ? 'canaries' : `wave ${summary.wave} of ${summary.waves}`;
      return { state: 'working', reason: 'RollingOut', message: `${stage}: ${tally}` };
    }
  }
}
