// The lifecycle transitions one observation of a Tenant stands for, derived from what the watch sees alone (status
// conditions and phase at the observed generation, spec.suspended, deletion), each with the key that makes it once.
import { conditionIsTrue, type Tenant } from '@tenantry/runtime';
import type { ResourceEvent } from '@tenantry/runtime';

export const lifecycleEventTypes = [
  'tenant.created', 'tenant.ready', 'tenant.suspended', 'tenant.resumed', 'tenant.migrated', 'tenant.stalled', 'tenant.deleted',
] as const;
export type LifecycleEventType = (typeof lifecycleEventTypes)[number];

/**
 * Recorded only when what the outbox already holds for the tenant agrees (checked in the same statement):
 * - `after-suspension`: the tenant's latest suspended/resumed event is a suspension;
 * - `migration-changed`: the tenant was ready before, and its latest ready/migrated event names another migration.
 */
export type TransitionPrecondition = 'after-suspension' | 'migration-changed';

export interface TransitionData {
  readonly tenant: string;
  readonly uid: string;
  readonly generation?: number;
  readonly phase?: string;
  readonly suspended?: boolean;
  readonly migration?: string;
  readonly migrationsApplied?: number;
}

export interface Transition {
  readonly type: LifecycleEventType;
  /** Unique per transition: the tenant's uid, the transition, and what tells a repeated one apart (the generation). */
  readonly key: string;
  readonly requires?: TransitionPrecondition;
  readonly data: TransitionData;
}

/**
 * In the order they are recorded (a first Ready before a migration after it). The definitions:
 * - created: the tenant is seen at all;
 * - ready: Ready=True at the observed generation (status.observedGeneration = metadata.generation), not suspended, once per uid;
 * - suspended: spec.suspended and phase Suspended at the observed generation, once per generation;
 * - resumed: Ready=True at the observed generation, not suspended, after a recorded suspension, once per generation;
 * - migrated: Ready=True at the observed generation and status.migrations.latest differs from the one recorded at
 *   the first ready or the last migrated, once per (applied count, latest);
 * - stalled: Stalled=True, once per generation;
 * - deleted: the object is gone from the API (the watch's delete), once per uid.
 */
export function transitionsOf(tenant: Tenant, event: ResourceEvent): Transition[] {
  const { name, uid = name, generation } = tenant.metadata;
  const base = { tenant: name, uid };
  if (event === 'delete') return [{ type: 'tenant.deleted', key: `${uid}/deleted`, data: base }];
  const { status, spec } = tenant;
  const suspended = spec.suspended === true;
  const data: TransitionData = {
    ...base,
    ...(generation === undefined ? {} : { generation }),
    ...(status?.phase === undefined ? {} : { phase: status.phase }),
    suspended,
    ...(status?.migrations?.latest === undefined ? {} : { migration: status.migrations.latest }),
    ...(status?.migrations?.applied === undefined ? {} : { migrationsApplied: status.migrations.applied }),
  };
  const transitions: Transition[] = [{ type: 'tenant.created', key: `${uid}/created`, data }];
  const observed = generation !== undefined && status?.observedGeneration === generation;
  const ready = observed && conditionIsTrue(tenant, 'Ready') && !suspended && tenant.metadata.deletionTimestamp === undefined;
  if (ready) {
    transitions.push({ type: 'tenant.ready', key: `${uid}/ready`, data });
    transitions.push({ type: 'tenant.resumed', key: `${uid}/resumed/${generation}`, requires: 'after-suspension', data });
    if (data.migration !== undefined) {
      transitions.push({
        type: 'tenant.migrated', key: `${uid}/migrated/${data.migrationsApplied ?? 0}/${data.migration}`, requires: 'migration-changed', data,
      });
    }
  }
  if (observed && suspended && status?.phase === 'Suspended') {
    transitions.push({ type: 'tenant.suspended', key: `${uid}/suspended/${generation}`, data });
  }
  if (conditionIsTrue(tenant, 'Stalled')) {
    transitions.push({ type: 'tenant.stalled', key: `${uid}/stalled/${generation ?? 0}`, data });
  }
  return transitions;
}
