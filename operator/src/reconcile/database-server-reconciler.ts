// Keeps a DatabaseServer's status honest: reachability (from the registry's sentinel), tenant count, and the
// backend authenticator it made there.
import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { tenantryGroup, tenantryVersion, type DatabaseServer, type Logger } from '@tenantry/runtime';
import { isDeepStrictEqual } from 'node:util';
import type { DatabaseServerRegistry, ServerHealth } from '../postgres/database-servers.js';
import { mergeConditions, type ConditionInput } from './conditions.js';
import type { ServerAuthenticator } from './server-authenticator.js';
import { stripUndefined } from './tenant-status.js';

export interface DatabaseServerReconcilerDeps {
  readonly kubeConfig: KubeConfig;
  readonly servers: DatabaseServerRegistry;
  /** Tenants placed on the named server. */
  readonly tenantCount: (server: string) => number;
  readonly authenticator: ServerAuthenticator;
  readonly logger: Logger;
}

export function createDatabaseServerReconciler({ kubeConfig, servers, tenantCount: countOf, authenticator }: DatabaseServerReconcilerDeps) {
  const objects = kubeConfig.makeApiClient(CustomObjectsApi);
  return {
    async reconcile(server: DatabaseServer): Promise<void> {
      const name = server.metadata.name;
      const health = servers.health(name);
      const tenantCount = countOf(name);
      const generation = server.metadata.generation ?? 0;
      // Only a reachable server can take the role; until then the status keeps what it said.
      const login = health.reachable === true ? await authenticator.ensure(server) : server.status?.authenticator;
      const status = stripUndefined({
        observedGeneration: generation,
        tenantCount,
        authenticator: login,
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
