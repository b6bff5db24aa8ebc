// Computes a Tenant's status from what one reconcile pass observed. Pure: no I/O.
import type { Tenant, TenantStatus } from '@tenantry/runtime';
import { desiredConditions, mergeConditions, type Progress } from './conditions.js';
import type { MigrationSet } from '../postgres/migration-catalog.js';

export type Stage = 'placement' | 'storage' | 'migrations' | 'done';

export interface PassFacts {
  stage: Stage;
  suspended: boolean;
  migrations?: { applied: number; latest: string | undefined; ran: readonly string[] };
  failure?: { transient: boolean; reason: string; message: string };
}

export function computeStatus(tenant: Tenant, facts: PassFacts, catalog: MigrationSet, now: Date): TenantStatus {
  const previous = tenant.status ?? {};
  const generation = tenant.metadata.generation ?? 0;
  const server = previous.database?.server;
  const progress = progressOf(facts, previous, server);
  const storageDone = facts.stage === 'migrations' || facts.stage === 'done';
  const migrations = facts.migrations ?? previous.migrations;
  const conditions = mergeConditions(previous.conditions, desiredConditions({
    progress,
    databaseReady: storageDone
      ? { ok: true, reason: 'StorageReady', message: `${previous.database?.name ?? ''}/${previous.database?.schema ?? ''} on ${server ?? ''}` }
      : facts.failure
        ? { ok: false, reason: facts.failure.reason, message: facts.failure.message }
        : { ok: false, reason: 'Pending', message: 'storage not created yet' },
    migrations: migrationsCondition(facts, catalog, migrations),
  }), generation, now);
  const ready = progress.state === 'ready';
  return stripUndefined({
    ...previous,
    phase: phaseOf(facts),
    observedGeneration: generation,
    conditions,
    migrations: migrations ? { applied: migrations.applied, latest: migrations.latest } : undefined,
    provisionedAt: previous.provisionedAt ?? (ready ? now.toISOString() : undefined),
    message: progress.message,
  });
}

function progressOf(facts: PassFacts, previous: TenantStatus, server: string | undefined): Progress {
  if (facts.failure) {
    return facts.failure.transient
      ? { state: 'working', reason: facts.failure.reason, message: `${facts.failure.message}; retrying` }
      : { state: 'stalled', reason: facts.failure.reason, message: facts.failure.message };
  }
  if (facts.suspended) return { state: 'suspended', message: 'suspended: the tenant role cannot log in; set spec.suspended to false to resume' };
  const applied = facts.migrations?.applied ?? previous.migrations?.applied ?? 0;
  const latest = facts.migrations?.latest ?? previous.migrations?.latest;
  return {
    state: 'ready',
    message: `storage ready on ${server ?? 'its server'}; ${applied} migration${applied === 1 ? '' : 's'} applied${latest ? `, latest ${latest}` : ''}`,
  };
}

function migrationsCondition(facts: PassFacts, catalog: MigrationSet, migrations: PassFacts['migrations'] | TenantStatus['migrations']) {
  if (facts.stage === 'migrations' && facts.failure) {
    return { ok: false, reason: facts.failure.reason, message: facts.failure.message };
  }
  if (facts.stage !== 'done' || facts.suspended) {
    return migrations
      ? { ok: migrations.latest === catalog.latest, reason: 'NotChecked', message: `${migrations.applied ?? 0} applied, latest ${migrations.latest ?? 'none'}` }
      : { ok: false, reason: 'Pending', message: 'migrations run once storage is ready' };
  }
  return { ok: true, reason: 'UpToDate', message: `${migrations?.applied ?? 0} applied, latest ${migrations?.latest ?? 'none'}` };
}

function phaseOf(facts: PassFacts): NonNullable<TenantStatus['phase']> {
  if (facts.failure && !facts.failure.transient) return 'Failed';
  if (facts.failure) return facts.stage === 'migrations' ? 'Migrating' : 'Provisioning';
  return facts.suspended ? 'Suspended' : 'Ready';
}

type StorageNames = NonNullable<TenantStatus['database']>;

/**
 * The status written when a tenant is placed, before any storage exists: in progress by kstatus's rules
 * (Reconciling=True, Ready=False, observedGeneration of this spec), so no reader takes it for done.
 */
export function placedStatus(tenant: Tenant, database: StorageNames, now: Date): TenantStatus {
  const generation = tenant.metadata.generation ?? 0;
  const message = `placed on DatabaseServer ${database.server ?? ''}; creating storage`;
  return stripUndefined({
    phase: 'Provisioning' as const,
    observedGeneration: generation,
    database,
    conditions: mergeConditions(tenant.status?.conditions, desiredConditions({
      progress: { state: 'working', reason: 'Provisioning', message },
      databaseReady: { ok: false, reason: 'Pending', message: 'storage not created yet' },
      migrations: { ok: false, reason: 'Pending', message: 'migrations run once storage is ready' },
    }), generation, now),
    message,
  });
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
