// Whether a provisioned tenant may take the migrations it lacks now, under the MigrationRollout policy: its
// wave must be open, the roll-out neither paused nor halted, and a migration slot free (at most maxConcurrent
// tenants migrate at once). Without a policy every tenant may, as before policies existed.
import type { MigrationRollout, Tenant } from '@tenantry/runtime';
import type { MigrationSet } from '../postgres/migration-catalog.js';
import { selects } from './label-selector.js';

/** How an admitted tenant's migration ended: interrupted is neither (e.g. its server went away). */
export type MigrationOutcome = 'migrated' | 'interrupted' | { readonly failed: string };

export type Admission =
  | { readonly admitted: true; /** Hands the slot back. */ done(outcome: MigrationOutcome): void }
  | { readonly admitted: false; readonly message: string };

export interface ReportedFailure {
  /** The digest of the set the roll-out was applying when the tenant was admitted. */
  readonly digest: string;
  readonly message: string;
}

export interface RolloutGate {
  admit(tenant: Tenant, set: MigrationSet): Admission;
  /** Tenants migrating now. */
  migrating(): number;
  /** Outcomes since the last call: failures to record, and tenants that succeeded (their failures are over). */
  takeOutcomes(): { failed: Map<string, ReportedFailure>; succeeded: Set<string> };
  /** Hands free slots to tenants that found none (they are queued again through `wake`). */
  refill(): void;
}

export interface RolloutGateOptions {
  /** The policy as the operator last knew or computed it; undefined when there is none. */
  readonly policy: () => MigrationRollout | undefined;
  /** maxConcurrent when the policy names none: the operator's concurrency. */
  readonly defaultConcurrency: number;
  /** Queues a tenant's reconcile again: it waited for a slot that is now free. */
  readonly wake: (tenant: string) => void;
  /** Something the roll-out's status shows changed (a tenant started or ended): reconcile it soon. */
  readonly changed: () => void;
}

/** The gate without a policy: every tenant migrates when its pass comes, bounded by the operator's concurrency alone. */
export const everyTenantMayMigrate: RolloutGate = {
  admit: () => ({ admitted: true, done: () => undefined }),
  migrating: () => 0,
  takeOutcomes: () => ({ failed: new Map(), succeeded: new Set() }),
  refill: () => undefined,
};

/** One message for every reason a tenant waits (wave, pause, halt, slot): a tenant's status is not rewritten as they change. */
export const heldMessage = (latest: string | undefined) =>
  `waiting for the roll-out of ${latest ?? 'the tenant migrations'} to reach it (MigrationRollout default shows why)`;

export function createRolloutGate({ policy, defaultConcurrency, wake, changed }: RolloutGateOptions): RolloutGate {
  const inFlight = new Set<string>();
  /** Tenants admitted by their wave that found every slot taken, in the order they asked. */
  const parked = new Set<string>();
  let failed = new Map<string, ReportedFailure>();
  let succeeded = new Set<string>();
  const unbounded: Admission = { admitted: true, done: () => undefined };

  const limit = (rollout: MigrationRollout) => rollout.spec.maxConcurrent ?? defaultConcurrency;
  const refill = () => {
    const rollout = policy();
    let free = rollout ? limit(rollout) - inFlight.size : 0;
    for (const name of parked) {
      if (free-- <= 0) break;
      parked.delete(name);
      wake(name);
    }
  };

  return {
    admit(tenant, set) {
      const rollout = policy();
      if (rollout === undefined) return unbounded;
      const name = tenant.metadata.name;
      const held: Admission = { admitted: false, message: heldMessage(set.latest) };
      if (!mayMigrate(rollout, tenant, set)) {
        changed(); // the roll-out may not have seen this set yet
        return held;
      }
      if (inFlight.size >= limit(rollout)) {
        parked.add(name);
        return held;
      }
      parked.delete(name);
      inFlight.add(name);
      changed();
      const digest = rollout.status?.target?.digest ?? '';
      let released = false;
      return {
        admitted: true,
        done(outcome) {
          if (released) return;
          released = true;
          inFlight.delete(name);
          if (outcome === 'migrated') {
            failed.delete(name);
            succeeded.add(name);
          } else if (outcome !== 'interrupted') {
            succeeded.delete(name);
            failed.set(name, { digest, message: outcome.failed });
          }
          changed();
          refill();
        },
      };
    },
    migrating: () => inFlight.size,
    takeOutcomes() {
      const outcomes = { failed, succeeded };
      failed = new Map();
      succeeded = new Set();
      return outcomes;
    },
    refill,
  };
}

/**
 * The policy's verdict on one tenant for this set, from the roll-out's last computed status. A tenant that
 * failed in this roll-out is retried even while it is halted (it was migrating already, and a fix is what
 * resumes the roll-out); paused stops everyone.
 */
export function mayMigrate(rollout: MigrationRollout, tenant: Tenant, set: MigrationSet): boolean {
  const { spec, status = {} } = rollout;
  if (spec.paused) return false;
  if (status.target?.latest !== set.latest || status.target?.migrations !== set.names.length) return false;
  const name = tenant.metadata.name;
  if (status.failures?.some((failure) => failure.tenant === name)) return true;
  if (status.phase === 'Halted' || status.phase === 'Paused') return false;
  if (status.phase === 'Complete') return true;
  if (selects(spec.canary?.selector, tenant.metadata.labels)) return true;
  return (status.wave ?? 0) >= 1 && status.admittedThrough !== undefined && name <= status.admittedThrough;
}
