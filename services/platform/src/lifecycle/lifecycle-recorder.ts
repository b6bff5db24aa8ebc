// Writes the Tenant watch's lifecycle transitions to the outbox: every observation's transitions, in order per tenant,
// retried until the database takes them, and the deletions that happened while no replica was watching.
import type { Logger, Tenant } from '@tenantry/runtime';
import type { ConnectionBudget } from '../database/connection-budget.js';
import type { TenantWatch } from '../tenants/tenant-watch.js';
import type { LifecycleOutbox } from './lifecycle-outbox.js';
import { transitionsOf, type Transition } from './lifecycle-transitions.js';

export interface LifecycleRecorderOptions {
  readonly watch: Pick<TenantWatch, 'subscribe' | 'list' | 'synced'>;
  readonly outbox: LifecycleOutbox;
  /** Shared with the other background jobs: a burst of observations queues here, not in the pool. */
  readonly budget?: ConnectionBudget;
  readonly logger: Logger;
  /** Told when a recorded event owes deliveries, so the dispatcher need not wait for its next poll. */
  readonly onDeliveries?: () => void;
  readonly retryDelayMs?: number;
}

export interface LifecycleRecorder {
  /** After the watch's first list: records as deleted the tenants the outbox knows and the API no longer has. */
  reconcileDeletions(): Promise<number>;
  /** Resolves when every observation so far is recorded (for tests and shutdown). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export function startLifecycleRecorder(options: LifecycleRecorderOptions): LifecycleRecorder {
  const { watch, outbox, budget, logger, onDeliveries, retryDelayMs = 1_000 } = options;
  const record = (transition: Transition) => (budget === undefined ? outbox.record(transition) : budget.run(() => outbox.record(transition)));
  const chains = new Map<string, Promise<void>>();
  // Keys this replica saw recorded (by itself or, through a conflict, by another): a relist re-observes every
  // tenant, and skipping what is known keeps that from costing a statement per transition.
  const known = new Set<string>();
  // Preconditioned keys found not to hold, by tenant uid: they are asked again only once the tenant has a transition
  // new to this replica (every replica sees each observation, so a suspension recorded elsewhere is one here too).
  const refused = new Map<string, Set<string>>();
  let stopping = false;

  const recordOne = async (transition: Transition): Promise<void> => {
    for (let delay = retryDelayMs; ; delay = Math.min(delay * 2, 30_000)) {
      try {
        const { inserted, deliveries } = await record(transition);
        if (inserted || transition.requires === undefined) known.add(transition.key);
        else refused.set(transition.data.uid, (refused.get(transition.data.uid) ?? new Set()).add(transition.key));
        if (inserted) logger.info('tenant lifecycle event recorded', { type: transition.type, tenant: transition.data.tenant, deliveries });
        if (deliveries > 0) onDeliveries?.();
        return;
      } catch (error) {
        if (stopping) return;
        logger.warn('tenant lifecycle event not recorded; will retry', { type: transition.type, tenant: transition.data.tenant, error, retryInMs: delay });
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  };

  const enqueue = (uid: string, transitions: readonly Transition[]): void => {
    const unknown = transitions.filter((transition) => !known.has(transition.key));
    if (unknown.some((transition) => transition.requires === undefined)) refused.delete(uid);
    const skipped = refused.get(uid);
    const pending = unknown.filter((transition) => skipped?.has(transition.key) !== true);
    if (pending.length === 0) return;
    const next = (chains.get(uid) ?? Promise.resolve()).then(async () => {
      for (const transition of pending) {
        if (!stopping && !known.has(transition.key)) await recordOne(transition);
      }
    });
    chains.set(uid, next);
    void next.finally(() => {
      if (chains.get(uid) === next) chains.delete(uid);
    });
  };

  const observe = (tenant: Tenant, event: 'add' | 'update' | 'delete') => {
    const transitions = transitionsOf(tenant, event);
    enqueue(transitions[0]?.data.uid ?? tenant.metadata.name, transitions);
  };
  const unsubscribe = watch.subscribe(observe);

  return {
    async reconcileDeletions() {
      const present = new Set(watch.list().map((tenant) => tenant.metadata.uid ?? tenant.metadata.name));
      const gone = (await outbox.undeleted()).filter(({ uid }) => !present.has(uid));
      for (const { tenant, uid } of gone) enqueue(uid, [{ type: 'tenant.deleted', key: `${uid}/deleted`, data: { tenant, uid } }]);
      if (gone.length > 0) logger.info('tenants deleted while unwatched recorded', { tenants: gone.length });
      return gone.length;
    },
    async idle() {
      while (chains.size > 0) await Promise.all(chains.values());
    },
    async stop() {
      unsubscribe();
      stopping = true;
      await Promise.all(chains.values());
    },
  };
}
