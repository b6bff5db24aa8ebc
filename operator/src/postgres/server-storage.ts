// One DatabaseServer's tenant storage as the reconcile steps ask for it: every PostgreSQL operation behind
// one interface, so the steps never see a connection (and unit tests can give them an in-memory server).
import { createAuthenticatorRole } from './authenticator-role.js';
import type { MigrationSet } from './migration-catalog.js';
import { createRoleCatalog } from './role-catalog.js';
import type { ServerConnections } from './server-connections.js';
import { lockDownServer } from './server-lockdown.js';
import { siloTemplateFor } from './silo-template.js';
import { migrateTenant, type MigrationState } from './tenant-migrations.js';
import { ensureLoginRole, retireLoginRole } from './login-roles.js';
import { dropStorage, ensureRole, ensureStorage, retainStorage, suspendLogins, type TenantLayout } from './tenant-storage.js';

export interface ServerStorage {
  /** Closes the server's shared databases (postgres, template1) to PUBLIC; once per process and server. */
  lockDown(): Promise<void>;
  /** Whether a role of that name exists: storage an earlier Tenant of the same name retained. */
  hasRole(role: string): Promise<boolean>;
  /**
   * Creates the LOGIN (or NOLOGIN) tenant role, or aligns an existing one, with a password given only as its SCRAM
   * verifier (`null`: none; `undefined`: keep the one it has), and the backend's authenticator a member of it while
   * the tenant is `serving` (default: `login`).
   */
  ensureRole(layout: TenantLayout, verifier: string | null | undefined, login: boolean, serving?: boolean): Promise<void>;
  /** Creates or aligns one of the tenant's alternate login roles (credential rotation). */
  ensureLoginRole(layout: TenantLayout, name: string, verifier: string, login: boolean): Promise<void>;
  /** A rotation's grace period ended: `name` stops logging in and its sessions end. */
  retireLoginRole(name: string): Promise<void>;
  /** Silo tier: brings the server's template database to `migrations`; returns the template's migration state. */
  prepareTemplate(migrations: MigrationSet): Promise<MigrationState>;
  /** Creates the database (silo; a copy of the template with `fromTemplate`) or the schema (pool); true when this call copied. */
  ensureStorage(layout: TenantLayout, options: { readonly fromTemplate: boolean }): Promise<boolean>;
  /** Takes LOGIN away from every login role of the tenant and ends their sessions. */
  suspendLogins(layout: TenantLayout): Promise<void>;
  /** Runs the migrations the tenant lacks, under its own role. */
  migrate(layout: TenantLayout, migrations: MigrationSet): Promise<MigrationState>;
  /** Keeps storage and role under their names, commented with `note`; with `revokeLogin` the role loses LOGIN. */
  retain(layout: TenantLayout, note: string, revokeLogin: boolean): Promise<void>;
  /** Drops storage and role, ending their sessions first. */
  drop(layout: TenantLayout): Promise<void>;
  /** The backend's authenticator: LOGIN with the verifier, and a member of every tenant role being served (see AuthenticatorRole). */
  alignAuthenticator(verifier: string): Promise<{ memberships: number; databases: number }>;
}

export interface ServerStorageOptions {
  /** The server's template database for silo copies (DatabaseServer spec.templateDatabase). */
  readonly templateDatabase: string;
  /** The server's pool database (DatabaseServer spec.poolDatabase), which the authenticator may enter. */
  readonly poolDatabase: string;
  /** The name of the backend's authenticator role on this server. */
  readonly authenticatorRole: string;
  /** Debug lines of the migration runner. */
  readonly log?: (message: string) => void;
}

export function createServerStorage(connections: ServerConnections, options: ServerStorageOptions): ServerStorage {
  const { templateDatabase, poolDatabase, authenticatorRole, log } = options;
  const template = () => siloTemplateFor(connections, templateDatabase);
  const roles = createRoleCatalog(connections);
  const authenticator = createAuthenticatorRole(connections, authenticatorRole);
  return {
    lockDown: () => lockDownServer(connections),
    hasRole: (role) => roles.has(role),
    ensureRole: (layout, verifier, login, serving) => ensureRole(connections, roles, authenticator, layout, verifier, login, serving),
    prepareTemplate: (migrations) => template().prepare(migrations),
    ensureStorage: (layout, { fromTemplate }) => ensureStorage(connections, authenticator, layout, fromTemplate ? template() : undefined),
    ensureLoginRole: (layout, name, verifier, login) => ensureLoginRole(connections, roles, layout, name, verifier, login),
    retireLoginRole: (name) => retireLoginRole(connections, name),
    suspendLogins: (layout) => suspendLogins(connections, authenticator, layout),
    migrate: (layout, migrations) => migrateTenant({
      server: connections, layout, dir: migrations.dir, names: migrations.names,
      ...(migrations.sources ? { sources: migrations.sources } : {}), ...(log ? { log } : {}),
    }),
    retain: (layout, note, revokeLogin) => retainStorage(connections, authenticator, layout, note, revokeLogin),
    drop: (layout) => dropStorage(connections, roles, layout),
    alignAuthenticator: (verifier) => authenticator.align(verifier, poolDatabase),
  };
}
