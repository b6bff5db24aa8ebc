// Keeps a DatabaseServer's status honest: reachability (from the registry's sentinel) and tenant count.
import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { tenantryGroup, tenantryVersion, type DatabaseServer, type Logger, type Tenant } from '@tenantry/runtime';
import { isDeepStrictEqual } from 'node:util';
import type { DatabaseServerRegistry } from '../postgres/database-servers.js';
import { mergeConditions } from './conditions.js';
import { stripUndefined } from './tenant-status.js';

export interface DatabaseServerReconcilerDeps {
  readonly kubeConfig: KubeConfig;
  readonly servers: DatabaseServerRegistry;
  readonly tenants: () => readonly Tenant[];
  readonly logger: Logger;
}

export function createDatabaseServerReconciler({ kubeConfig, servers, tenants }: DatabaseServerReconcilerDeps) {
  const objects = kubeConfig.makeApiClient(CustomObjectsApi);
  return {
    async reconcile(server: DatabaseServer): Promise<void> {
      const name = server.metadata.name;
      const health = servers.health(name);
      const tenantCount = tenants().filter((tenant) => tenant.status?.database?.server === name).length;
      const reachable = health.reachable === undefined ? 'Unknown' : health.reachable ? 'True' : 'False';
      const generation = server.metadata.generation ?? 0;
      const status = stripUndefined({
        observedGeneration: generation,
        tenantCount,
        conditions: mergeConditions(server.status?.conditions, [{
          type: 'Reachable', status: reachable,
          reason: health.reachable === undefined ? 'Checking' : health.reachable ? 'Connected' : 'Unreachable',
          message: health.message,
        }], generation, new Date()),
        message: health.message,
      });
      if (isDeepStrictEqual(stripUndefined(server.status ?? {}), status)) return;
      await objects.replaceClusterCustomObjectStatus({
        group: tenantryGroup, version: tenantryVersion, plural: 'databaseservers', name,
        body: { ...server, status },
      });
    },
  };
}
