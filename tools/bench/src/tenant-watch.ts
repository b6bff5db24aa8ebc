// Observes Tenants becoming Ready through one watch (not polling), for timing provisioning.
import { CustomObjectsApi, Watch, type KubeConfig } from '@kubernetes/client-node';
import { eventually } from '@tenantry/harness';
import type { Tenant } from '@tenantry/runtime';

export interface ReadyWatch {
  /** Resolves with the time (performance.now()) the watch delivered the tenant as Ready. */
  whenReady(name: string): Promise<number>;
  stop(): void;
}

export async function watchReady(kubeConfig: KubeConfig): Promise<ReadyWatch> {
  const objects = kubeConfig.makeApiClient(CustomObjectsApi);
  // A freshly installed CRD answers 429 "storage is (re)initializing" for a moment.
  const list = await eventually('the Tenant list is served', () =>
    objects.listClusterCustomObject({ group: 'tenantry.dev', version: 'v1alpha1', plural: 'tenants' }) as Promise<{ metadata: { resourceVersion: string } }>);
  const readyAt = new Map<string, number>();
  const waiting = new Map<string, (at: number) => void>();
  const request = await new Watch(kubeConfig).watch('/apis/tenantry.dev/v1alpha1/tenants', { resourceVersion: list.metadata.resourceVersion },
    (_type, tenant: Tenant) => {
      const ready = tenant.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
      if (!ready || readyAt.has(tenant.metadata.name)) return;
      const at = performance.now();
      readyAt.set(tenant.metadata.name, at);
      waiting.get(tenant.metadata.name)?.(at);
    },
    (error: unknown) => {
      if (error && (error as Error).name !== 'AbortError') process.stderr.write(`bench: tenant watch ended: ${(error as Error).message}\n`);
    });
  return {
    whenReady(name) {
      const at = readyAt.get(name);
      if (at !== undefined) return Promise.resolve(at);
      return new Promise((resolve) => waiting.set(name, resolve));
    },
    stop: () => request.abort(),
  };
}
