// Bounds the requests in progress at once per tenant and per client: one caller, or one tenant's callers, can
// occupy only their share of the gateway and of the upstreams behind it, whatever they send and however slowly.
import { GatewayRejection } from './gateway-errors.js';

export interface InFlightLimitsOptions {
  /** Requests of one tenant in progress at once, across all its users. */
  readonly perTenant: number;
  /** Requests of one client (a token's subject) in progress at once, across all tenants. */
  readonly perClient: number;
}

/** Gives the slot back; calling it twice is harmless. */
export type Release = () => void;

export interface InFlightLimits {
  /** Takes a slot for the client or throws a 429 `too_many_in_flight` rejection. */
  client(subject: string): Release;
  /** Takes a slot for the tenant or throws a 429 `too_many_in_flight` rejection. */
  tenant(name: string): Release;
  /** Slots taken now, for tests and metrics. */
  inUse(): { clients: number; tenants: number };
}

export function createInFlightLimits({ perTenant, perClient }: InFlightLimitsOptions): InFlightLimits {
  const clients = counter(perClient, () => `You have ${perClient} requests in progress already; wait for one to finish.`);
  const tenants = counter(perTenant, (name) => `Tenant ${name} has ${perTenant} requests in progress already; try again in a moment.`);
  return {
    client: (subject) => clients.take(subject),
    tenant: (name) => tenants.take(name),
    inUse: () => ({ clients: clients.total(), tenants: tenants.total() }),
  };
}

function counter(limit: number, refusal: (key: string) => string) {
  const counts = new Map<string, number>();
  let total = 0;
  return {
    take: (key: string): Release => {
      const held = counts.get(key) ?? 0;
      if (held >= limit) throw new GatewayRejection('too_many_in_flight', refusal(key), 1);
      counts.set(key, held + 1);
      total += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        total -= 1;
        const left = (counts.get(key) ?? 1) - 1;
        if (left === 0) counts.delete(key);
        else counts.set(key, left);
      };
    },
    total: () => total,
  };
}
