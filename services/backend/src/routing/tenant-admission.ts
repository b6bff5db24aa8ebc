// A cap on one tenant's concurrent requests to its storage, so one busy tenant cannot hold every shared connection.
import { BackendError } from '../backend-error.js';

export interface TenantAdmission {
  /** Resolves with the release once the tenant is under its cap; a 503 when it stays at the cap for too long. */
  admit(tenant: string): Promise<() => void>;
  /** Requests running or waiting now, over every tenant. */
  busyTenants(): number;
}

export interface TenantAdmissionOptions {
  readonly maxPerTenant: number;
  readonly waitTimeoutMs?: number;
}

interface TenantSlots {
  running: number;
  readonly waiting: Array<() => void>;
}

export function createTenantAdmission({ maxPerTenant, waitTimeoutMs = 5_000 }: TenantAdmissionOptions): TenantAdmission {
  const tenants = new Map<string, TenantSlots>();

  const releaser = (tenant: string, slots: TenantSlots) => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = slots.waiting.shift();
      // The place goes straight to the next waiter: nobody arriving meanwhile can take it.
      if (next !== undefined) next();
      else if ((slots.running -= 1) === 0) tenants.delete(tenant);
    };
  };

  return {
    admit(tenant) {
      let slots = tenants.get(tenant);
      if (slots === undefined) {
        slots = { running: 0, waiting: [] };
        tenants.set(tenant, slots);
      }
      const mine = slots;
      if (mine.running < maxPerTenant) {
        mine.running += 1;
        return Promise.resolve(releaser(tenant, mine));
      }
      return new Promise((resolve, reject) => {
        const wake = () => {
          clearTimeout(timer);
          resolve(releaser(tenant, mine));
        };
        const timer = setTimeout(() => {
          mine.waiting.splice(mine.waiting.indexOf(wake), 1);
          reject(new BackendError('unavailable', 'TENANT_BUSY', `tenant ${tenant} has ${maxPerTenant} requests running; try again shortly`,
            { retryAfterSeconds: 1 }));
        }, waitTimeoutMs);
        mine.waiting.push(wake);
      });
    },
    busyTenants: () => tenants.size,
  };
}
