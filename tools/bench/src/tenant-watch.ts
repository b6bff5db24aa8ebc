// Observes Tenants becoming Ready (or reaching a migration) through one watch, not polling, for timing.
// The API server may end a watch at any time; the watch is then resumed from a fresh list.
import { CustomObjectsApi, Watch, type KubeConfig } from '@kubernetes/client-node';
import { eventually } from '@tenantry/harness';
import { conditionIsTrue, type Tenant } from '@tenantry/runtime';

export interface ReadyWatch {
  /** Resolves with the time (performance.now()) the watch delivered the tenant as Ready. */
  whenReady(name: string): Promise<number>;
  /** Resolves with the time the watch delivered the tenant reporting `migration` as its latest one. */
  whenMigrated(name: string, migration: string): Promise<number>;
  stop(): void;
}

type Waiter = { test: (tenant: Tenant) => boolean; resolve: (at: number) => void };

const isReady = (tenant: Tenant) => conditionIsTrue(tenant, 'Ready');

/** A cluster-scoped custom resource of tenantry's shape: Tenants, or the physical floor's FloorTenants. */
export interface WatchedResource {
  readonly group: string;
  readonly plural: string;
}

const tenants: WatchedResource = { group: 'tenantry.dev', plural: 'tenants' };

export async function watchReady(kubeConfig: KubeConfig, resource: WatchedResource = tenants): Promise<ReadyWatch> {
  const objects = kubeConfig.makeApiClient(CustomObjectsApi);
  const seen = new Map<string, Tenant>();
  const readyAt = new Map<string, number>();
  const waiters = new Map<string, Waiter[]>();
  let stopped = false;
  let request: AbortController | undefined;

  const observe = (tenant: Tenant) => {
    const name = tenant.metadata.name;
    const at = performance.now();
    seen.set(name, tenant);
    if (isReady(tenant) && !readyAt.has(name)) readyAt.set(name, at);
    const pending = waiters.get(name);
    if (!pending) return;
    const remaining = pending.filter((waiter) => {
      if (!waiter.test(tenant)) return true;
      waiter.resolve(at);
      return false;
    });
    if (remaining.length === 0) waiters.delete(name);
    else waiters.set(name, remaining);
  };

  const start = async (): Promise<void> => {
    // A freshly installed CRD answers 429 "storage is (re)initializing" for a moment.
    const list = await eventually(`the ${resource.plural} list is served`, () =>
      objects.listClusterCustomObject({ ...resource, version: 'v1alpha1' }) as Promise<{ items: Tenant[]; metadata: { resourceVersion: string } }>);
    for (const tenant of list.items) observe(tenant);
    request = await new Watch(kubeConfig).watch(`/apis/${resource.group}/v1alpha1/${resource.plural}`, { resourceVersion: list.metadata.resourceVersion },
      (_type, tenant: Tenant) => observe(tenant),
      (error: unknown) => {
        if (stopped) return;
        if (error && (error as Error).name !== 'AbortError') process.stderr.write(`bench: tenant watch ended, resuming: ${(error as Error).message}\n`);
        start().catch((failure: unknown) => process.stderr.write(`bench: tenant watch cannot resume: ${(failure as Error).message}\n`));
      });
  };
  await start();

  const when = (name: string, test: (tenant: Tenant) => boolean): Promise<number> => {
    const current = seen.get(name);
    if (current && test(current)) return Promise.resolve(performance.now());
    return new Promise((resolve) => waiters.set(name, [...waiters.get(name) ?? [], { test, resolve }]));
  };

  return {
    whenReady(name) {
      const at = readyAt.get(name);
      return at === undefined ? when(name, isReady) : Promise.resolve(at);
    },
    whenMigrated: (name, migration) => when(name, (tenant) => tenant.status?.migrations?.latest === migration),
    stop() {
      stopped = true;
      request?.abort();
    },
  };
}
