// Tenants as Tenant resources: written through the Kubernetes API exactly as GitOps would, listed from the watch.
import { CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import { rotateCredentialsAnnotation, tenantPlural, tenantryApiVersion, tenantryGroup, tenantryVersion, type Logger, type Tenant, type TenantSpec } from '@tenantry/runtime';
import { PlatformError } from '../platform-error.js';
import { tenantNotFound } from './tenant-errors.js';
import type { CreateTenantInput } from './tenant-schemas.js';
import type { TenantWatch } from './tenant-watch.js';

export interface TenantRegistry {
  create(input: CreateTenantInput): Promise<Tenant>;
  /** Straight from the API server, so a write is visible to the next read. */
  read(name: string): Promise<Tenant>;
  /** From the watch cache, sorted by name; unavailable until the watch has synced. */
  list(): Tenant[];
  exists(name: string): Promise<boolean>;
  setSuspended(name: string, suspended: boolean): Promise<Tenant>;
  /** Asks the operator for a credential rotation now: the annotation `kubectl annotate` users set, with a timestamp. */
  requestRotation(name: string): Promise<Tenant>;
  /** Requests deletion; the operator's finalizer decides when the resource is really gone. */
  remove(name: string): Promise<Tenant>;
}

export interface TenantRegistryOptions {
  readonly kubeConfig: KubeConfig;
  readonly watch: TenantWatch;
  readonly logger: Logger;
}

export function createTenantRegistry({ kubeConfig, watch, logger }: TenantRegistryOptions): TenantRegistry {
  const objects = kubeConfig.makeApiClient(CustomObjectsApi);
  const coordinates = { group: tenantryGroup, version: tenantryVersion, plural: tenantPlural };

  const read = async (name: string): Promise<Tenant> => {
    try {
      return await objects.getClusterCustomObject({ ...coordinates, name }) as Tenant;
    } catch (error) {
      throw statusOf(error) === 404 ? tenantNotFound(name) : error;
    }
  };

  return {
    async create(input) {
      const body: Tenant = { apiVersion: tenantryApiVersion, kind: 'Tenant', metadata: { name: input.name }, spec: specOf(input) };
      try {
        const created = await objects.createClusterCustomObject({ ...coordinates, body }) as Tenant;
        logger.info('tenant created', { tenant: input.name, tier: input.tier, plan: input.plan });
        return created;
      } catch (error) {
        throw refusal(error, input.name);
      }
    },
    read,
    list() {
      if (!watch.synced()) {
        throw new PlatformError('unavailable', 'TENANTS_NOT_SYNCED', 'the list of tenants is not loaded yet', { retryAfterSeconds: 2 });
      }
      return watch.list().sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    },
    async exists(name) {
      if (watch.get(name) !== undefined) return true;
      // The cache may not have seen a Tenant created a moment ago (by another replica, or GitOps).
      return read(name).then(() => true, (error: unknown) => {
        if (error instanceof PlatformError && error.code === 'TENANT_NOT_FOUND') return false;
        throw error;
      });
    },
    async setSuspended(name, suspended) {
      try {
        const patched = await objects.patchClusterCustomObject(
          { ...coordinates, name, body: { spec: { suspended } } },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
        ) as Tenant;
        logger.info(suspended ? 'tenant suspended' : 'tenant resumed', { tenant: name });
        return patched;
      } catch (error) {
        throw statusOf(error) === 404 ? tenantNotFound(name) : refusal(error, name);
      }
    },
    async requestRotation(name) {
      try {
        const patched = await objects.patchClusterCustomObject(
          { ...coordinates, name, body: { metadata: { annotations: { [rotateCredentialsAnnotation]: new Date().toISOString() } } } },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
        ) as Tenant;
        logger.info('tenant credential rotation requested', { tenant: name });
        return patched;
      } catch (error) {
        throw statusOf(error) === 404 ? tenantNotFound(name) : refusal(error, name);
      }
    },
    async remove(name) {
      const before = await read(name);
      try {
        const answer = await objects.deleteClusterCustomObject({ ...coordinates, name }) as { kind?: string };
        logger.info('tenant deletion requested', { tenant: name });
        // Without finalizers the API server answers with a Status: the Tenant is gone already.
        if (answer.kind === 'Tenant') return answer as Tenant;
        return { ...before, metadata: { ...before.metadata, deletionTimestamp: new Date().toISOString() } };
      } catch (error) {
        throw statusOf(error) === 404 ? tenantNotFound(name) : error;
      }
    },
  };
}

function specOf(input: CreateTenantInput): TenantSpec {
  return {
    displayName: input.displayName,
    tier: input.tier,
    plan: input.plan,
    deletionPolicy: input.deletionPolicy,
    ...(input.admins.length === 0 ? {} : { admins: input.admins }),
    ...(input.databaseServer === undefined ? {} : { databaseServer: input.databaseServer }),
  };
}

/** The metav1.Status an API server answers a refused request with. */
interface ApiStatus {
  message?: string;
  reason?: string;
  details?: { causes?: { field?: string; message?: string; reason?: string }[] };
}

function statusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

/** Passes the API server's own words through, with its fields named as the request named them. */
function refusal(error: unknown, name: string): unknown {
  const status = statusOf(error);
  if (status === 409) {
    return new PlatformError('conflict', 'TENANT_EXISTS', apiStatus(error).message ?? `tenant ${name} exists already`);
  }
  if (status !== 400 && status !== 422) return error;
  const body = apiStatus(error);
  const fields = (body.details?.causes ?? []).map((cause) => ({
    field: requestField(cause.field),
    message: cause.message ?? cause.reason ?? 'refused',
  }));
  return new PlatformError(status === 422 ? 'invalid' : 'bad-request', 'TENANT_REFUSED',
    `the Kubernetes API server refused the tenant: ${body.message ?? 'no reason given'}`, { fields });
}

function apiStatus(error: unknown): ApiStatus {
  const body = (error as { body?: unknown }).body;
  try {
    return (typeof body === 'string' ? JSON.parse(body) : body ?? {}) as ApiStatus;
  } catch {
    return {};
  }
}

/** "spec.databaseServer" → "databaseServer", "metadata.name" → "name"; CEL rules on the object itself name no field. */
function requestField(field: string | undefined): string {
  if (field === undefined || field === '' || field === '<nil>') return '(root)';
  if (field === 'metadata.name') return 'name';
  return field.replace(/^spec\./, '');
}
