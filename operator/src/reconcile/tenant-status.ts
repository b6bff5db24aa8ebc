// Computes a Tenant's status from what one reconcile pass observed and how it ended. Pure: no I/O.
import type { Tenant, TenantStatus } from '@tenantry/runtime';
import { desiredConditions, mergeConditions, type Progress } from './conditions.js';
import type { Failure } from './failure.js';
import type { MigrationSet } from '../postgres/migration-catalog.js';
import { credentialsStatus } from './rotation-schedule.js';
import type { Observations, PlacedTenant } from './tenant-pass.js';

/** How a pass ended, as the status tells it. */
export type PassEnd =
  | { readonly state: 'done' }
  | { readonly state: 'waiting'; readonly step: string; readonly reason: string; readonly message: string }
  | { readonly state: 'failed'; readonly step: string; readonly failure: Failure };

export interface PassReport {
  /** Where the tenant is, when the pass got that far (or an earlier one recorded it). */
  readonly placed: PlacedTenant | undefined;
  readonly observed: Observations;
  readonly end: PassEnd;
}

type Check = { ok: boolean; reason: string; message: string };

export function computeStatus(tenant: Tenant, { placed, observed, end }: PassReport, catalog: MigrationSet, now: Date): TenantStatus {
  const previous = tenant.status ?? {};
  const generation = tenant.metadata.generation ?? 0;
  const database = placed?.database ?? previous.database;
  const migrations = observed.migrations ?? previous.migrations;
  const progress = progressOf(tenant, end, database?.server, migrations);
  const conditions = mergeConditions(previous.conditions, desiredConditions({
    progress,
    databaseReady: storageCheck(observed, end, database),
    migrations: migrationsCheck(tenant, end, catalog, migrations, observed.heldByRollout),
  }), generation, now);
  const provisionedAt = previous.provisionedAt ?? (progress.state === 'ready' ? now.toISOString() : undefined);
  return stripUndefined({
    ...previous,
    phase: phaseOf(tenant, end),
    observedGeneration: generation,
    conditions,
    database,
    migrations: migrations ? { applied: migrations.applied, latest: migrations.latest } : undefined,
    provisionedAt,
    credentials: credentialsStatus(tenant, observed.credentials, provisionedAt),
    message: progress.message,
  });
}

type Migrations = { applied?: number; latest?: string | undefined } | undefined;

function progressOf(tenant: Tenant, end: PassEnd, server: string | undefined, migrations: Migrations): Progress {
  if (end.state === 'failed') {
    const { transient, reason, message } = end.failure;
    return transient ? { state: 'working', reason, message: `${message}; retrying` } : { state: 'stalled', reason, message };
  }
  if (end.state === 'waiting') return { state: 'working', reason: end.reason, message: end.message };
  if (tenant.spec.suspended) return { state: 'suspended', message: 'suspended: the tenant role cannot log in; set spec.suspended to false to resume' };
  const applied = migrations?.applied ?? 0;
  const latest = migrations?.latest;
  return {
    state: 'ready',
    message: `storage ready on ${server ?? 'its server'}; ${applied} migration${applied === 1 ? '' : 's'} applied${latest ? `, latest ${latest}` : ''}`,
  };
}

function storageCheck(observed: Observations, end: PassEnd, database: TenantStatus['database']): Check {
  if (observed.storageReady) return { ok: true, reason: 'StorageReady', message: `${database?.name ?? ''}/${database?.schema ?? ''} on ${database?.server ?? ''}` };
  if (end.state === 'failed') return { ok: false, reason: end.failure.reason, message: end.failure.message };
  if (end.state === 'waiting') return { ok: false, reason: end.reason, message: end.message };
  return { ok: false, reason: 'Pending', message: 'storage not created yet' };
}

function migrationsCheck(tenant: Tenant, end: PassEnd, catalog: MigrationSet, migrations: Migrations, held: string | undefined): Check {
  if (end.state === 'failed' && end.step === 'migrations') return { ok: false, reason: end.failure.reason, message: end.failure.message };
  const summary = `${migrations?.applied ?? 0} applied, latest ${migrations?.latest ?? 'none'}`;
  // Held back by the roll-out policy: serving (Ready) on the migrations it has, behind on purpose, not failed.
  if (end.state === 'done' && held !== undefined) return { ok: false, reason: 'RolloutPending', message: `${summary}; ${held}` };
  if (end.state === 'done' && !tenant.spec.suspended) return { ok: true, reason: 'UpToDate', message: summary };
  if (!migrations) return { ok: false, reason: 'Pending', message: 'migrations run once storage is ready' };
  return { ok: migrations.latest === catalog.latest, reason: 'NotChecked', message: summary };
}

function phaseOf(tenant: Tenant, end: PassEnd): NonNullable<TenantStatus['phase']> {
  if (end.state === 'failed' && !end.failure.transient) return 'Failed';
  if (end.state !== 'done') return end.step === 'migrations' ? 'Migrating' : 'Provisioning';
  return tenant.spec.suspended ? 'Suspended' : 'Ready';
}

/** The status of a tenant whose storage is being released (or cannot be, `blocked`): Deleting, never Ready. */
export function deletingStatus(tenant: Tenant, now: Date, blocked?: string): TenantStatus {
  const previous = tenant.status ?? {};
  const generation = tenant.metadata.generation ?? 0;
  const policy = tenant.spec.deletionPolicy ?? 'Retain';
  const progress = blocked === undefined
    ? { state: 'deleting' as const, reason: 'Deleting', message: `releasing storage (deletionPolicy ${policy})` }
    : { state: 'deleting' as const, reason: 'DeletionBlocked', message: `cannot release storage: ${blocked}; retrying` };
  const kept = (previous.conditions ?? []).filter((condition) => condition.type === 'DatabaseReady' || condition.type === 'MigrationsApplied');
  return stripUndefined({
    ...previous,
    phase: 'Deleting' as const,
    observedGeneration: generation,
    conditions: mergeConditions(previous.conditions, [
      ...desiredConditions({ progress, databaseReady: undefined, migrations: undefined }),
      ...kept.map(({ type, status, reason, message }) => ({ type: type as 'DatabaseReady' | 'MigrationsApplied', status, reason, message })),
    ], generation, now),
    message: progress.message,
  });
}

/** Status as the API server returns it: no keys holding undefined. */
export function stripUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
