// Applies a policy change: one transaction with its audit entries and a NOTIFY, then local cache invalidation.
import type pg from 'pg';
import { withTransaction } from '../database/master-database.js';
import { createMembershipRepository, type MembershipRepository } from './membership-repository.js';
import { createPolicyRepository, type PolicyRepository } from './policy-repository.js';
import type { ResolutionCache } from './resolution-cache.js';

/** What a change sees: the repositories on the transaction's connection, and the audit trail to write. */
export interface PolicyTransaction {
  readonly policy: PolicyRepository;
  readonly memberships: MembershipRepository;
  /** Records one audited change; a transaction that records nothing changed nothing and notifies nobody. */
  record(action: string, detail: Record<string, unknown>): void;
}

export interface PolicyChanges {
  /** Runs `change` as `actor` (e.g. "user:<sub>", "service:gateway", "system:tenant-spec"). */
  apply<T>(actor: string, change: (tx: PolicyTransaction) => Promise<T>): Promise<T>;
}

export interface PolicyChangesOptions {
  readonly pool: pg.Pool;
  readonly cache: ResolutionCache;
  /** Identifies this replica in notifications, so it can skip its own. */
  readonly origin: string;
}

export function createPolicyChanges({ pool, cache, origin }: PolicyChangesOptions): PolicyChanges {
  return {
    async apply(actor, change) {
      let changed = false;
      const result = await withTransaction(pool, async (client) => {
        const entries: { action: string; detail: Record<string, unknown> }[] = [];
        const tx: PolicyTransaction = {
          policy: createPolicyRepository(client),
          memberships: createMembershipRepository(client),
          record: (action, detail) => entries.push({ action, detail }),
        };
        const value = await change(tx);
        for (const entry of entries) await tx.policy.appendAudit({ actor, ...entry });
        if (entries.length > 0) {
          await tx.policy.notifyChange(JSON.stringify({ origin, actions: entries.map((entry) => entry.action) }));
          changed = true;
        }
        return value;
      });
      // After COMMIT: a resolution that read the old rows and finishes later is refused by the version check.
      if (changed) cache.invalidate();
      return result;
    },
  };
}
