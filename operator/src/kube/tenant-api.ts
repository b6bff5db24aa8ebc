// Writes to Tenant resources: finalizers on the object, everything else through the status subresource.
import { CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import { tenantryGroup, tenantryVersion, type Tenant, type TenantStatus } from '@tenantry/runtime';

export const storageFinalizer = 'tenantry.dev/storage';
const plural = 'tenants';

export interface TenantApi {
  /** Replaces the status, guarded by the resourceVersion read (a conflict throws a 409). */
  replaceStatus(tenant: Tenant, status: TenantStatus): Promise<Tenant>;
  setFinalizers(tenant: Tenant, finalizers: readonly string[]): Promise<Tenant>;
  /**
   * Adds a finalizer with a JSON patch instead of a resourceVersion guard, so it can run concurrently
   * with a status write; the `test` op still refuses to overwrite a list someone changed meanwhile.
   */
  addFinalizer(tenant: Tenant, finalizer: string): Promise<Tenant>;
  /** Merges fields into the status without a resourceVersion guard, for fields only this operator writes. */
  mergeStatus(name: string, status: Partial<TenantStatus>): Promise<Tenant>;
}

export function createTenantApi(kubeConfig: KubeConfig): TenantApi {
  const objects = kubeConfig.makeApiClient(CustomObjectsApi);
  const coordinates = { group: tenantryGroup, version: tenantryVersion, plural };
  return {
    async replaceStatus(tenant, status) {
      return await objects.replaceClusterCustomObjectStatus({
        ...coordinates,
        name: tenant.metadata.name,
        body: { apiVersion: tenant.apiVersion, kind: tenant.kind, metadata: tenant.metadata, spec: tenant.spec, status },
      }) as Tenant;
    },
    async mergeStatus(name, status) {
      return await objects.patchClusterCustomObjectStatus(
        { ...coordinates, name, body: { status } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      ) as Tenant;
    },
    async addFinalizer(tenant, finalizer) {
      const current = tenant.metadata.finalizers;
      const patch = current
        ? [{ op: 'test', path: '/metadata/finalizers', value: current }, { op: 'add', path: '/metadata/finalizers/-', value: finalizer }]
        : [{ op: 'add', path: '/metadata/finalizers', value: [finalizer] }];
      return await objects.patchClusterCustomObject(
        { ...coordinates, name: tenant.metadata.name, body: patch },
        setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
      ) as Tenant;
    },
    async setFinalizers(tenant, finalizers) {
      return await objects.patchClusterCustomObject(
        {
          ...coordinates,
          name: tenant.metadata.name,
          // The resourceVersion makes the merge patch conditional: no finalizer list is lost to a race.
          body: { metadata: { finalizers, resourceVersion: tenant.metadata.resourceVersion } },
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      ) as Tenant;
    },
  };
}

export function isConflict(error: unknown): boolean {
  return (error as { code?: number }).code === 409;
}

export function isNotFound(error: unknown): boolean {
  return (error as { code?: number }).code === 404;
}
