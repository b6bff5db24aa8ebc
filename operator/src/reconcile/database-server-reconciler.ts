// Keeps a DatabaseServer's status honest: reachability (from the registry's sentinel) and tenant count.
import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { tenantryGroup, tenantryVersion, type DatabaseServer, type Logger } from '@tenantry/runtime';
import { isDeepStrictEqual } from 'node:util';
import type { DatabaseServerRegistry, ServerHealth } from '../postgres/database-servers.js';
import { mergeConditions, type ConditionInput } from './conditions.js';
import { stripUndefined } from './tenant-status.js';

export interface DatabaseServerReconcilerDeps {
  readonly kubeConfig: KubeConfig;
  readonly servers: DatabaseServerRegistry;
  /** Tenants placed on the named server. */
  readonly tenantCount: (server: string) => number;
  readonly logger: Logger;
}

export function createDatabaseServerReconciler({ kubeConfig, servers, tenantCount: countOf }: DatabaseServerReconcilerDeps) {
  const objects = kubeConfig.makeApiClient(CustomObjectsApi);
  return {
    async reconcile(server: DatabaseServer): Promise<void> {
      const name = server.metadata.name;
      const health = servers.health(name);
      const tenantCount = countOf(name);
      const generation = server.metadata.generation ?? 0;
      const status = stripUndefined({
        observedGeneration: generation,
        tenantCount,
        conditions: mergeConditions(server.status?.conditions, serverConditions(health), generation, new Date()),
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

/**
 * Reachable says what the last connection attempt found; Ready is the same for kstatus, with Reconciling=True
 * while the operator is still trying (the sentinel reconnects on its own), so an unreachable server is in
 * progress, never Current.
 */
function serverConditions(health: ServerHealth): ConditionInput[] {
  if (health.reachable === true) {
    return [
      { type: 'Ready', status: 'True', reason: 'Connected', message: health.message },
      { type: 'Reachable', status: 'True', reason: 'Connected', message: health.message },
    ];
  }
  const reason = health.reachable === undefined ? 'Checking' : 'Unreachable';
  return [
    { type: 'Ready', status: 'False', reason, message: health.message },
    { type: 'Reconciling', status: 'True', reason, message: health.message },
    { type: 'Reachable', status: health.reachable === undefined ? 'Unknown' : 'False', reason, message: health.message },
  ];
}
