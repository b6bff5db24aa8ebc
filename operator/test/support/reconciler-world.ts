// A Tenant reconciler wired to in-memory Kubernetes and PostgreSQL stand-ins, for unit tests of the pure core.
import { quietLogger } from '@tenantry/harness';
import type { Tenant } from '@tenantry/runtime';
import { createPlacement } from '../../src/reconcile/placement.js';
import type { RolloutGate } from '../../src/reconcile/rollout-gate.js';
import { placedServer } from '../../src/reconcile/placement-record.js';
import { createTenantReconciler, type TenantReconciler } from '../../src/reconcile/tenant-reconciler.js';
import { inMemoryEvents, inMemorySecrets, inMemoryTenants } from './in-memory-kube.js';
import { databaseServer, inMemoryCatalog, inMemoryRegistry } from './in-memory-servers.js';

export const migrationNames = ['0001_entries', '0002_entries-search'];

export function reconcilerWorld(options: { crdTerminating?: boolean; now?: () => Date; rollout?: RolloutGate } = {}) {
  const tenants = inMemoryTenants();
  const secrets = inMemorySecrets(tenants.writes);
  const events = inMemoryEvents(tenants.writes);
  const servers = inMemoryRegistry([databaseServer('alpha', 100), databaseServer('beta', 2)]);
  const catalog = inMemoryCatalog(migrationNames);
  const placed = () => tenants.list().map((tenant) => [tenant.metadata.name, placedServer(tenant)] as const);
  const placement = createPlacement(servers, {
    counts: () => placed().reduce((counts, [, server]) => (server ? counts.set(server, (counts.get(server) ?? 0) + 1) : counts), new Map<string, number>()),
    serverOf: (name) => placed().find(([tenant]) => tenant === name)?.[1],
  });
  const reconciler: TenantReconciler = createTenantReconciler({
    tenants, secrets, servers, placement, catalog, events,
    crdTerminating: () => Promise.resolve(options.crdTerminating ?? false),
    logger: quietLogger('operator-test'),
    secretExists: (name) => secrets.stored.has(name),
    remember: () => undefined,
    now: options.now ?? (() => new Date('2026-12-01T00:00:00Z')),
    ...(options.rollout ? { rollout: options.rollout } : {}),
  });
  return {
    tenants, secrets, events, servers, catalog, reconciler,
    storage: (server = 'alpha') => servers.storageOf.get(server)!,
    /** One pass over the newest copy, as the work queue would run it. */
    reconcile: (name: string) => reconciler.reconcile(tenants.get(name)),
    /** Passes until the tenant stops asking for one (at most `max`), swallowing the failures a queue would retry. */
    async settle(name: string, max = 5): Promise<Tenant> {
      for (let pass = 0; pass < max; pass++) {
        const tenant = tenants.get(name);
        if (reconciler.isSteady(tenant, await catalog.current())) return tenant;
        await reconciler.reconcile(tenant).catch(() => undefined);
      }
      return tenants.get(name);
    },
  };
}
