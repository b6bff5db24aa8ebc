// Keeps memberships in step with the Tenant resources: spec.admins become tenant-admin, a deleted Tenant's go.
import type { Logger } from '@tenantry/runtime';
import type { ConnectionBudget } from '../database/connection-budget.js';
import type { MembershipService } from '../policy/membership-service.js';
import type { TenantWatch } from './tenant-watch.js';

export interface TenantAdminSyncOptions {
  readonly watch: TenantWatch;
  readonly memberships: Pick<MembershipService, 'syncTenantAdmins' | 'forgetTenant'>;
  readonly logger: Logger;
  readonly retryDelayMs?: number;
  /** Shared with the other background jobs: a thousand new tenants queue here instead of timing out in the pool. */
  readonly budget?: ConnectionBudget;
}

export interface TenantAdminSync {
  /** Unsubscribes and waits for the syncs in flight. */
  stop(): Promise<void>;
}

/**
 * Each event syncs the tenant to what the watch holds now (not to the event's copy), one sync at a time
 * per tenant, so a burst of updates converges to the latest spec. A failed sync is retried later.
 */
export function startTenantAdminSync({ watch, memberships, logger, retryDelayMs = 2_000, budget }: TenantAdminSyncOptions): TenantAdminSync {
  const inBudget = (work: () => Promise<void>) => (budget === undefined ? work() : budget.run(work));
  const chains = new Map<string, Promise<void>>();
  const retries = new Map<string, NodeJS.Timeout>();

  const syncOne = async (name: string): Promise<void> => {
    const tenant = watch.get(name);
    try {
      if (tenant) await inBudget(() => memberships.syncTenantAdmins(name, tenant.spec.admins ?? []));
      else await inBudget(() => memberships.forgetTenant(name));
    } catch (error) {
      logger.warn('tenant admins not synchronised; will retry', { tenant: name, error, retryInMs: retryDelayMs });
      clearTimeout(retries.get(name));
      retries.set(name, setTimeout(() => {
        retries.delete(name);
        enqueue(name);
      }, retryDelayMs));
    }
  };

  const enqueue = (name: string): void => {
    const next = (chains.get(name) ?? Promise.resolve()).then(() => syncOne(name));
    chains.set(name, next);
    void next.finally(() => {
      if (chains.get(name) === next) chains.delete(name);
    });
  };

  const unsubscribe = watch.subscribe((tenant) => enqueue(tenant.metadata.name));
  return {
    async stop() {
      unsubscribe();
      for (const timer of retries.values()) clearTimeout(timer);
      retries.clear();
      await Promise.all(chains.values());
    },
  };
}
