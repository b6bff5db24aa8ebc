// How a Tenant resource reads through the API: its spec's defaults made explicit and its status as the operator wrote it.
import { conditionIsTrue, rotateCredentialsAnnotation, tenantAvailability, type Tenant } from '@tenantry/runtime';
import type { TenantDetail, TenantSummary } from './tenant-schemas.js';

type Phase = TenantSummary['phase'];

/** A deletion in progress wins over whatever phase the operator last wrote; no status yet means Pending. */
export function tenantPhase(tenant: Tenant): Phase {
  if (tenant.metadata.deletionTimestamp !== undefined) return 'Deleting';
  return tenant.status?.phase ?? 'Pending';
}

export function isTenantReady(tenant: Tenant): boolean {
  return conditionIsTrue(tenant, 'Ready');
}

export function toTenantSummary(tenant: Tenant): TenantSummary {
  const { metadata, spec, status } = tenant;
  return {
    name: metadata.name,
    displayName: spec.displayName,
    tier: spec.tier ?? 'pool',
    plan: spec.plan ?? 'standard',
    suspended: spec.suspended ?? false,
    phase: tenantPhase(tenant),
    ready: isTenantReady(tenant),
    serving: tenantAvailability(tenant).state === 'serving',
    ...(status?.message === undefined ? {} : { message: status.message }),
    ...(metadata.creationTimestamp === undefined ? {} : { createdAt: metadata.creationTimestamp }),
  };
}

function storageOf({ name, ...rest }: NonNullable<NonNullable<Tenant['status']>['database']>): NonNullable<TenantDetail['storage']> {
  return { ...rest, ...(name === undefined ? {} : { database: name }) };
}

function credentialsOf({ metadata, spec, status }: Tenant): NonNullable<TenantDetail['credentials']> {
  const { retiring, rotatedAt, nextRotationAt, username, rotationRequest } = status?.credentials ?? {};
  const requested = metadata.annotations?.[rotateCredentialsAnnotation];
  return {
    ...(username === undefined ? {} : { username }),
    ...(spec.credentials?.rotateEvery === undefined ? {} : { rotateEvery: spec.credentials.rotateEvery }),
    gracePeriod: spec.credentials?.gracePeriod ?? '10m',
    ...(rotatedAt === undefined ? {} : { rotatedAt }),
    ...(nextRotationAt === undefined ? {} : { nextRotationAt }),
    rotationPending: requested !== undefined && requested !== '' && requested !== rotationRequest,
    ...(retiring === undefined ? {} : { retiring }),
  };
}

export function toTenantDetail(tenant: Tenant): TenantDetail {
  const { metadata, spec, status } = tenant;
  return {
    ...toTenantSummary(tenant),
    admins: spec.admins ?? [],
    deletionPolicy: spec.deletionPolicy ?? 'Retain',
    ...(spec.databaseServer === undefined ? {} : { databaseServer: spec.databaseServer }),
    ...(metadata.generation === undefined ? {} : { generation: metadata.generation }),
    ...(status?.observedGeneration === undefined ? {} : { observedGeneration: status.observedGeneration }),
    conditions: status?.conditions ?? [],
    // The resource names the database `name`; the API calls it `database`, beside `schema` and `role`.
    ...(status?.database === undefined ? {} : { storage: storageOf(status.database) }),
    ...(status?.migrations === undefined ? {} : { migrations: status.migrations }),
    ...(status?.credentials === undefined && spec.credentials === undefined ? {} : { credentials: credentialsOf(tenant) }),
    ...(status?.provisionedAt === undefined ? {} : { provisionedAt: status.provisionedAt }),
    ...(metadata.deletionTimestamp === undefined ? {} : { deletionRequestedAt: metadata.deletionTimestamp }),
  };
}
