// The Tenantry Kubernetes resources as TypeScript: API coordinates, object shapes and tenant storage names.
import { TenantryError } from '../errors.js';
import type { DatabaseServerSpec, DatabaseServerStatus, MigrationRolloutSpec, MigrationRolloutStatus, TenantSpec, TenantStatus } from './crd-types.generated.js';

export type {
  Condition, DatabaseServerSpec, DatabaseServerSpecCredentialsSecret, DatabaseServerStatus, MigrationRolloutSpec,
  MigrationRolloutSpecCanarySelector, MigrationRolloutStatus, MigrationRolloutStatusPlan, MigrationRolloutStatusTenants, TenantSpec, TenantStatus,
  TenantStatusDatabase, TenantStatusMigrations,
} from './crd-types.generated.js';

export const tenantryGroup = 'tenantry.dev';
export const tenantryVersion = 'v1alpha1';
export const tenantryApiVersion = `${tenantryGroup}/${tenantryVersion}` as const;
export const tenantPlural = 'tenants';
export const databaseServerPlural = 'databaseservers';
/** Set to a new value (a timestamp) to rotate a tenant's database credentials now, as `kubectl annotate` users do. */
export const rotateCredentialsAnnotation = 'tenantry.dev/rotate-credentials';
export const migrationRolloutPlural = 'migrationrollouts';
/** The one MigrationRollout the operator reads (the CRD refuses any other name). */
export const migrationRolloutName = 'default';

/** The owner reference fields the operator writes (metav1.OwnerReference). */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/**
 * The metav1.ObjectMeta fields Tenantry reads or writes; the runtime package does not depend on a
 * Kubernetes client, so it declares the subset it needs. Timestamps are RFC 3339 strings, as on the wire.
 */
export interface ObjectMeta {
  name: string;
  uid?: string;
  generation?: number;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  finalizers?: string[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
}

export interface Tenant {
  apiVersion: typeof tenantryApiVersion;
  kind: 'Tenant';
  metadata: ObjectMeta;
  spec: TenantSpec;
  status?: TenantStatus;
}

export interface DatabaseServer {
  apiVersion: typeof tenantryApiVersion;
  kind: 'DatabaseServer';
  metadata: ObjectMeta;
  spec: DatabaseServerSpec;
  status?: DatabaseServerStatus;
}

export interface MigrationRollout {
  apiVersion: typeof tenantryApiVersion;
  kind: 'MigrationRollout';
  metadata: ObjectMeta;
  spec: MigrationRolloutSpec;
  status?: MigrationRolloutStatus;
}

/** Where one tenant's data lives in PostgreSQL, and the Secret that says how to reach it. */
export interface StorageNames {
  /** The dedicated database of a silo tenant (pool tenants live in the server's pool database). */
  database: string;
  schema: string;
  role: string;
  secretName: string;
}

/** PostgreSQL truncates longer identifiers silently (NAMEDATALEN - 1), which would merge two tenants' names. */
export const postgresIdentifierMaxBytes = 63;

export class StorageNameTooLongError extends TenantryError {
  constructor(readonly tenant: string, readonly identifier: string) {
    super('STORAGE_NAME_TOO_LONG', `tenant ${tenant} would need the PostgreSQL identifier ${identifier}, longer than ${postgresIdentifierMaxBytes} bytes`);
  }
}

export class InvalidTenantNameError extends TenantryError {
  constructor(readonly tenant: string) {
    super('INVALID_TENANT_NAME', `${JSON.stringify(tenant)} is not a tenant name: a DNS label starting with a letter is expected`);
  }
}

/** The shape the Tenant CRD enforces on metadata.name (it also caps the length at 40 characters). */
const tenantNamePattern = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Storage names of a tenant: `tenant_<name>` with `-` as `_`. Tenant names never contain `_`, so two
 * tenants never share a storage name. The CRD already refuses bad and long names; these checks guard
 * callers that bypass the API server.
 */
export function storageNames(tenantName: string): StorageNames {
  if (!tenantNamePattern.test(tenantName)) throw new InvalidTenantNameError(tenantName);
  const identifier = `tenant_${tenantName.replaceAll('-', '_')}`;
  if (Buffer.byteLength(identifier, 'utf8') > postgresIdentifierMaxBytes) {
    throw new StorageNameTooLongError(tenantName, identifier);
  }
  return { database: identifier, schema: identifier, role: identifier, secretName: `tenant-${tenantName}-db` };
}
