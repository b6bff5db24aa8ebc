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
   * Adds a finalizer and sets annotations in one JSON patch of the object: one write. The `test` op refuses
   * to overwrite a finalizer list someone changed meanwhile (a 422 the retry resolves with a fresh read).
   */
  admit(tenant: Tenant, finalizer: string, annotations: Readonly<Record<string, string>>): Promise<Tenant>;
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
    async admit(tenant, finalizer, annotations) {
      return await objects.patchClusterCustomObject(
        { ...coordinates, name: tenant.metadata.name, body: admissionPatch(tenant, finalizer, annotations) },
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

/** RFC 6902 operations adding `finalizer` (unless present) and setting `annotations`. */
export function admissionPatch(tenant: Tenant, finalizer: string, annotations: Readonly<Record<string, string>>): object[] {
  const current = tenant.metadata.finalizers;
  const finalizers = current?.includes(finalizer) ? []
    : current
      ? [{ op: 'test', path: '/metadata/finalizers', value: current }, { op: 'add', path: '/metadata/finalizers/-', value: finalizer }]
      : [{ op: 'add', path: '/metadata/finalizers', value: [finalizer] }];
  // RFC 6901: "/" in a key is written "~1" (and "~" as "~0").
  const pointer = (key: string) => `/metadata/annotations/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
  const notes = tenant.metadata.annotations
    ? Object.entries(annotations).map(([key, value]) => ({ op: 'add', path: pointer(key), value }))
    : [{ op: 'add', path: '/metadata/annotations', value: annotations }];
  return [...finalizers, ...notes];
}

export function isConflict(error: unknown): boolean {
  return (error as { code?: number }).code === 409;
}

export function isNotFound(error: unknown): boolean {
  return (error as { code?: number }).code === 404;
}
