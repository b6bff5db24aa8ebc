// What one reconcile pass of a Tenant knows as it goes: the tenant, where it is placed once that is
// established, and what the steps observed, from which its status is computed at the end.
import type { Tenant, TenantStatusDatabase } from '@tenantry/runtime';
import type { Credentials } from '../kube/credentials-secret.js';
import type { ResolvedServer } from '../postgres/database-servers.js';
import type { MigrationSet } from '../postgres/migration-catalog.js';
import type { ProposedPassword } from '../postgres/scram-verifier.js';
import type { MigrationState } from '../postgres/tenant-migrations.js';
import type { TenantLayout } from '../postgres/tenant-storage.js';

/** A tenant whose server and storage names are recorded on the API server: every step after placement works on one. */
export interface PlacedTenant {
  /** The newest copy of the Tenant this pass knows. */
  readonly tenant: Tenant;
  readonly server: string;
  readonly layout: TenantLayout;
  readonly secretName: string;
  /** What status.database says. */
  readonly database: TenantStatusDatabase;
}

/** What the steps saw and did: with the tenant itself, the only input of its status. */
export interface Observations {
  /** The tenant's database or schema exists and its role may reach it. */
  storageReady: boolean;
  /** The role lost LOGIN and its sessions ended. */
  suspended: boolean;
  /** The tenant's migration state after the migrations step (or the template copy that made it unnecessary). */
  migrations?: MigrationState;
  /** The login the credentials Secret holds and its rotation record, when this pass read or rotated it. */
  credentials?: Pick<Credentials, 'username' | 'rotation'>;
  /** The migrations step left the tenant behind because the roll-out has not reached it: why. */
  heldByRollout?: string;
}

export interface TenantPass {
  readonly tenant: Tenant;
  readonly migrations: MigrationSet;
  readonly observed: Observations;
  /** The password a role created before its Secret is known gets (and the Secret with it). */
  readonly proposed: ProposedPassword;
  /** Set by the placement step. */
  placed?: PlacedTenant;
}

export interface PlacedPass {
  readonly placed: PlacedTenant;
  readonly migrations: MigrationSet;
  readonly observed: Observations;
  /** The tenant's server, resolved once per pass, and only while it is reachable. */
  server(): Promise<ResolvedServer>;
  readonly proposed: ProposedPassword;
  /** The login and password the role step gave. */
  roleLogin?: { readonly username: string; readonly password: string };
  /** What the credentials Secret holds, once the secret step ran. */
  credentials?: Credentials;
  /** Silo: the template's migration state, once prepared. */
  template?: MigrationState;
  /** Silo: this pass made the database as a copy of the template. */
  copied?: boolean;
}

/** A tenant being deleted whose placement is recorded: its storage must be released before the finalizer goes. */
export interface DeletionPass {
  /** The newest copy of the Tenant, which the finalizer removal must be based on. */
  tenant: Tenant;
  readonly placed: PlacedTenant;
  server(): Promise<ResolvedServer>;
}

/** What a pass records of the credentials Secret it read or wrote: its login and rotation record. */
export function observedCredentials({ username, rotation }: Credentials): NonNullable<Observations['credentials']> {
  return { username, ...(rotation ? { rotation } : {}) };
}

export function noObservations(): Observations {
  return { storageReady: false, suspended: false };
}
