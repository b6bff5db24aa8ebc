// Reconciles the MigrationRollout: computes its status from the fleet and the set on disk, lets the gate act
// on it at once, queues the tenants a newly opened wave admits, writes the status once when it changed, and
// records an Event when the roll-out halts or completes.
import { isDeepStrictEqual } from 'node:util';
import type { Logger, MigrationRollout, MigrationRolloutStatus, Tenant } from '@tenantry/runtime';
import type { ReconcileResult } from '../controller/work-queue.js';
import type { EventRecorder } from '../kube/event-recorder.js';
import { migrationSetDigest, type MigrationCatalog, type MigrationSet } from '../postgres/migration-catalog.js';
import { mayMigrate, type RolloutGate } from './rollout-gate.js';
import { computeRolloutStatus, coveredTenants, hasSet } from './rollout-progress.js';
import { stripUndefined } from './tenant-status.js';

export interface RolloutReconcilerDeps {
  /** The newest policy known (watched, or remembered from this process's own writes). */
  readonly policy: () => MigrationRollout | undefined;
  readonly remember: (rollout: MigrationRollout) => void;
  readonly writeStatus: (rollout: MigrationRollout, status: MigrationRolloutStatus) => Promise<MigrationRollout>;
  readonly tenants: () => readonly Tenant[];
  readonly catalog: MigrationCatalog;
  readonly gate: RolloutGate;
  readonly events: EventRecorder;
  /** Queues tenants the roll-out now lets migrate, first. */
  readonly admit: (tenants: readonly string[]) => void;
  /** Queues tenants it holds, after other work: a new set reaches them only to say they wait. */
  readonly hold: (tenants: readonly string[]) => void;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** How often a roll-out under way is looked at even when nothing was heard (default 5 s). */
  readonly backstopMs?: number;
}

export interface RolloutReconciler {
  reconcile(): Promise<ReconcileResult>;
}

export function createRolloutReconciler(deps: RolloutReconcilerDeps): RolloutReconciler {
  const { gate, logger, now = () => new Date(), backstopMs = 5_000 } = deps;
  return {
    async reconcile() {
      const rollout = deps.policy();
      if (rollout === undefined) return undefined;
      const set = await deps.catalog.current();
      const digest = await migrationSetDigest(set);
      const tenants = deps.tenants();
      const status = computeRolloutStatus({ rollout, tenants, set, digest, outcomes: gate.takeOutcomes(), migrating: gate.migrating(), now: now() });
      const next: MigrationRollout = { ...rollout, status };
      // The gate acts on the new verdict before it is written: a halt holds every tenant from this moment.
      deps.remember(next);
      gate.refill();
      const behind = coveredTenants(tenants).filter((tenant) => !hasSet(tenant, set));
      if (opensAdmission(rollout.status, status)) {
        const admitted = behind.filter((tenant) => mayMigrate(next, tenant, set));
        deps.admit(admitted.map((tenant) => tenant.metadata.name));
        logger.info('migration roll-out admits tenants', { phase: status.phase, wave: status.wave, admittedThrough: status.admittedThrough, tenants: admitted.length });
      }
      if (setChanged(rollout.status, status)) deps.hold(behind.filter((tenant) => !mayMigrate(next, tenant, set)).map((tenant) => tenant.metadata.name));
      announce(deps, rollout.status, next, set);
      if (!isDeepStrictEqual(stripUndefined(rollout.status ?? {}), status)) deps.remember(await deps.writeStatus(rollout, status));
      // A halted one too: on a filesystem that cannot be watched, a fixed file is seen by reading it again.
      return status.phase === 'Complete' || status.phase === 'Paused' ? undefined : { requeueAfterMs: backstopMs };
    },
  };
}

/** Whether this status lets tenants migrate that the previous one did not: a wave, a resume, a new target. */
function opensAdmission(previous: MigrationRolloutStatus = {}, next: MigrationRolloutStatus): boolean {
  if (next.phase === 'Paused') return false;
  return previous.phase !== next.phase || previous.wave !== next.wave || previous.admittedThrough !== next.admittedThrough
    || previous.target?.latest !== next.target?.latest || previous.target?.digest !== next.target?.digest;
}

/** A new set on disk, or the same set with a file changed: every tenant behind hears of it. */
function setChanged(previous: MigrationRolloutStatus = {}, next: MigrationRolloutStatus): boolean {
  return previous.target?.latest !== next.target?.latest || previous.target?.migrations !== next.target?.migrations || previous.target?.digest !== next.target?.digest;
}

/** Routine progress is no Event; a halt is a Warning and a completion a Normal one, once per target. */
function announce(deps: RolloutReconcilerDeps, previous: MigrationRolloutStatus = {}, next: MigrationRollout, set: MigrationSet): void {
  const status = next.status!;
  const sameTarget = previous.target?.latest === set.latest && previous.target?.migrations === set.names.length;
  if (status.phase === 'Halted' && !(sameTarget && previous.phase === 'Halted')) {
    deps.events.record(next, 'Warning', 'RolloutHalted', status.message ?? 'halted');
    deps.logger.warn('migration roll-out halted', { target: set.latest, failed: status.tenants?.failed, detail: status.message });
  }
  if (status.phase === 'Complete' && !(sameTarget && previous.phase === 'Complete')) {
    deps.events.record(next, 'Normal', 'RolloutComplete', status.message ?? 'complete');
    deps.logger.info('migration roll-out complete', { target: set.latest, tenants: status.tenants?.total, failed: status.tenants?.failed });
  }
}
