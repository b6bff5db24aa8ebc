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

/** Status as the API server returns it: no keys holding undefined. */
export function stripUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
