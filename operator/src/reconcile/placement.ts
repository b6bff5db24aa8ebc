// Chooses the DatabaseServer for a new tenant: the one it names, else the reachable one with the most
// free capacity. Reservations cover tenants placed but not yet visible in the informer cache.
import type { Tenant } from '@tenantry/runtime';
import type { DatabaseServerRegistry } from '../postgres/database-servers.js';

export class PlacementError extends Error {
  readonly code = 'PLACEMENT_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'PlacementError';
  }
}

export interface Placement {
  choose(tenant: Tenant): string;
  /** Called once the choice is recorded in the tenant's status. */
  settle(tenantName: string): void;
}

export function createPlacement(servers: DatabaseServerRegistry, tenants: () => readonly Tenant[]): Placement {
  const reservations = new Map<string, string>();

  const tenantCounts = (): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const tenant of tenants()) {
      const server = reservations.get(tenant.metadata.name) ?? tenant.status?.database?.server;
      if (server) counts.set(server, (counts.get(server) ?? 0) + 1);
    }
    for (const [name, server] of reservations) {
      if (!tenants().some((tenant) => tenant.metadata.name === name)) counts.set(server, (counts.get(server) ?? 0) + 1);
    }
    return counts;
  };

  return {
    choose(tenant) {
      const named = tenant.spec.databaseServer;
      if (named) {
        if (!servers.resource(named)) throw new PlacementError(`DatabaseServer ${named} named in spec.databaseServer does not exist`);
        reservations.set(tenant.metadata.name, named);
        return named;
      }
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
      reservations.set(tenant.metadata.name, best.name);
      return best.name;
    },
    settle(tenantName) {
      reservations.delete(tenantName);
    },
  };
}
