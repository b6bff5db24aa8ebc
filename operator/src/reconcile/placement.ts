// Chooses the DatabaseServer for a new tenant: the one it names, else the reachable one with the most
// free capacity. Reservations cover tenants placed but not yet visible in the informer cache.
import { TenantryError, type Tenant } from '@tenantry/runtime';
import type { DatabaseServerRegistry } from '../postgres/database-servers.js';

export class PlacementError extends TenantryError {
  constructor(message: string) {
    super('PLACEMENT_FAILED', message);
  }
}

export interface Placement {
  choose(tenant: Tenant): string;
  /** Called once the choice is recorded on the API server, or could not be. */
  settle(tenantName: string): void;
}

/** The placements the informer cache shows. */
export interface PlacedTenants {
  /** Tenants per server. */
  counts(): ReadonlyMap<string, number>;
  serverOf(tenantName: string): string | undefined;
}

export type PlacementServers = Pick<DatabaseServerRegistry, 'names' | 'resource' | 'health'>;

export function createPlacement(servers: PlacementServers, placed: PlacedTenants): Placement {
  const reservations = new Map<string, string>();

  const tenantCounts = (): Map<string, number> => {
    const counts = new Map(placed.counts());
    for (const [name, server] of reservations) {
      if (placed.serverOf(name) === undefined) counts.set(server, (counts.get(server) ?? 0) + 1);
    }
    return counts;
  };

  const mostFree = (): string => {
    const counts = tenantCounts();
    const candidates = servers.names()
      .map((name) => ({ name, free: (servers.resource(name)?.spec.capacity ?? 0) - (counts.get(name) ?? 0) }))
      .filter((candidate) => candidate.free > 0 && servers.health(candidate.name).reachable !== false)
      .sort((a, b) => b.free - a.free || a.name.localeCompare(b.name));
    const best = candidates[0];
    if (!best) {
      throw new PlacementError(servers.names().length === 0
        ? 'no DatabaseServer exists: create one for the operator to place tenants on'
        : 'no reachable DatabaseServer has free capacity: raise a capacity or add a DatabaseServer');
    }
    return best.name;
  };

  return {
    choose(tenant) {
      const named = tenant.spec.databaseServer;
      if (named && !servers.resource(named)) throw new PlacementError(`DatabaseServer ${named} named in spec.databaseServer does not exist`);
      const server = named ?? mostFree();
      reservations.set(tenant.metadata.name, server);
      return server;
    },
    settle(tenantName) {
      reservations.delete(tenantName);
    },
  };
}
