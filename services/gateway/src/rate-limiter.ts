// Per-tenant token buckets in memory, sized by the tenant's plan.
import type { PlanLimit } from './config.js';
import { GatewayRejection } from './gateway-errors.js';

export interface RateLimiterOptions {
  readonly limits: ReadonlyMap<string, PlanLimit>;
  /** Used for plans missing from `limits`. */
  readonly defaultPlan: string;
  readonly now?: () => number;
  /** Buckets idle this long are full again anyway and are dropped. */
  readonly idleMs?: number;
}

export interface RateLimiter {
  /** Takes one token for the tenant or throws a `rate_limited` rejection with the seconds until one is back. */
  take(tenant: string, plan: string): void;
  size(): number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
  limit: PlanLimit;
}

export function createRateLimiter({ limits, defaultPlan, now = Date.now, idleMs = 60_000 }: RateLimiterOptions): RateLimiter {
  const buckets = new Map<string, Bucket>();
  const fallback = limits.get(defaultPlan) ?? { ratePerSecond: 100, burst: 100 };
  let lastSweep = now();

  const sweep = (at: number) => {
    if (at - lastSweep < idleMs) return;
    lastSweep = at;
    for (const [tenant, bucket] of buckets) if (at - bucket.updatedAt > idleMs) buckets.delete(tenant);
  };

  return {
    take(tenant, plan) {
      const at = now();
      sweep(at);
      const limit = limits.get(plan) ?? fallback;
      const bucket = buckets.get(tenant) ?? { tokens: limit.burst, updatedAt: at, limit };
      // A plan change takes effect at once, without refilling a drained bucket.
      bucket.limit = limit;
      bucket.tokens = Math.min(limit.burst, bucket.tokens + ((at - bucket.updatedAt) / 1000) * limit.ratePerSecond);
      bucket.updatedAt = at;
      buckets.set(tenant, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / limit.ratePerSecond));
      throw new GatewayRejection('rate_limited', `Tenant ${tenant} is over its plan's limit of ${limit.ratePerSecond} requests per second.`, retryAfterSeconds);
    },
    size: () => buckets.size,
  };
}
