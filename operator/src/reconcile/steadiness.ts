// Which pass a Tenant needs, decided from its cached object alone: none (steady), a migrations-only pass
// (a roll-out), or the whole recipe. Pure: the view answers from informer caches, never with a request.
import type { Tenant } from '@tenantry/runtime';
import { storageFinalizer } from '../kube/tenant-api.js';
import type { MigrationSet } from '../postgres/migration-catalog.js';
import { credentialsWorkDue } from './rotation-schedule.js';

export interface SteadinessView {
  /** What the server's sentinel connection last found; undefined before its first attempt. */
  serverReachable(server: string): boolean | undefined;
  /** Whether the named credentials Secret exists, from a watch. */
  secretExists(name: string): boolean;
  now(): Date;
}

/** The spec carried out for this generation, with finalizer, Secret and a reachable server in place. */
function settledSpec(tenant: Tenant, view: SteadinessView): boolean {
  const { status } = tenant;
  const database = status?.database;
  if (database?.server === undefined || status?.observedGeneration !== tenant.metadata.generation) return false;
  if (!tenant.metadata.finalizers?.includes(storageFinalizer)) return false;
  if (view.serverReachable(database.server) === false) return false;
  return database.secretName === undefined || view.secretExists(database.secretName);
}

function current(tenant: Tenant, migrations: MigrationSet): boolean {
  const recorded = tenant.status?.migrations;
  return recorded !== undefined && recorded.latest === migrations.latest && recorded.applied === migrations.names.length;
}

/** True when the tenant's status already matches its spec and the migrations on disk: nothing to do. */
export function isSteady(tenant: Tenant, migrations: MigrationSet, view: SteadinessView): boolean {
  if (!settledSpec(tenant, view)) return false;
  if (tenant.spec.suspended) return tenant.status?.phase === 'Suspended';
  return tenant.status?.phase === 'Ready' && current(tenant, migrations) && !credentialsWorkDue(tenant, view.now());
}

/**
 * A Ready tenant whose spec was fully applied, passed over by isSteady only because the migrations on disk
 * moved on (a roll-out). Its finalizer, Secret, role and storage were in place when it last reported Ready
 * and, like any steady tenant's, are not re-checked: the pass runs the migrations alone.
 */
export function behindOnlyOnMigrations(tenant: Tenant, view: SteadinessView): boolean {
  return settledSpec(tenant, view) && tenant.status?.phase === 'Ready' && tenant.status.provisionedAt !== undefined && !tenant.spec.suspended;
}
