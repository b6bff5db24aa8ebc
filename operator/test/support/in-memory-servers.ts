// In-memory DatabaseServers for unit tests of the reconciler: the registry it takes, and a ServerStorage that
// keeps roles, storage and applied migrations in maps, can be taken down, and fails a migration on request.
import type { DatabaseServer } from '@tenantry/runtime';
import type { DatabaseServerRegistry, ServerHealth } from '../../src/postgres/database-servers.js';
import type { MigrationCatalog, MigrationSet } from '../../src/postgres/migration-catalog.js';
import { scramSha256Verifier } from '../../src/postgres/scram-verifier.js';
import type { ServerStorage } from '../../src/postgres/server-storage.js';
import { MigrationFailedError, type MigrationState } from '../../src/postgres/tenant-migrations.js';
import type { TenantLayout } from '../../src/postgres/tenant-storage.js';

export interface Role { verifier: string | null; login: boolean; comment?: string; memberOf?: string }

export interface InMemoryStorage extends ServerStorage {
  readonly roles: Map<string, Role>;
  /** "database/schema" of each tenant's storage. */
  readonly storage: Set<string>;
  readonly applied: Map<string, string[]>;
  /** Every operation called, in order, e.g. "ensureRole tenant_a". */
  readonly calls: string[];
  /** While down, every operation fails as a refused connection does. */
  down: boolean;
  /** A migration that fails with an SQL error when it would run. */
  broken?: string;
}

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
const where = (layout: TenantLayout) => `${layout.database}/${layout.schema}`;

export function inMemoryStorage(): InMemoryStorage {
  let template: string[] | undefined;
  const self: InMemoryStorage = {
    roles: new Map(), storage: new Set(), applied: new Map(), calls: [], down: false,
    lockDown: () => op('lockDown', () => undefined),
    hasRole: (role) => op(`hasRole ${role}`, () => self.roles.has(role)),
    ensureRole: (layout, verifier, login) => op(`ensureRole ${layout.role}`, () => {
      const kept = self.roles.get(layout.role)?.verifier ?? null;
      self.roles.set(layout.role, { verifier: verifier === undefined ? kept : verifier, login });
    }),
    ensureLoginRole: (layout, name, verifier, login) => op(`ensureLoginRole ${name}`, () => {
      self.roles.set(name, { verifier, login, memberOf: layout.role });
    }),
    retireLoginRole: (name) => op(`retireLoginRole ${name}`, () => {
      const role = self.roles.get(name);
      if (role) role.login = false;
    }),
    prepareTemplate: (migrations) => op('prepareTemplate', () => {
      template = [...migrations.names];
      return stateOf(template);
    }),
    ensureStorage: (layout, { fromTemplate }) => op(`ensureStorage ${where(layout)}`, () => {
      if (self.storage.has(where(layout))) return false;
      self.storage.add(where(layout));
      if (fromTemplate && template) self.applied.set(where(layout), [...template]);
      return fromTemplate;
    }),
    suspendLogins: (layout) => op(`suspendLogins ${layout.role}`, () => {
      for (const [name, role] of self.roles) if (name === layout.role || role.memberOf === layout.role) role.login = false;
    }),
    migrate: (layout, migrations) => op(`migrate ${where(layout)}`, () => migrate(self, layout, migrations)),
    retain: (layout, note, revokeLogin) => op(`retain ${layout.role}`, () => {
      const role = self.roles.get(layout.role);
      if (role) Object.assign(role, { comment: note, login: revokeLogin ? false : role.login });
    }),
    drop: (layout) => op(`drop ${layout.role}`, () => {
      self.roles.delete(layout.role);
      self.storage.delete(where(layout));
    }),
    alignAuthenticator: () => op('alignAuthenticator', () => ({ memberships: 0, databases: 0 })),
  };
  function op<T>(call: string, work: () => T): Promise<T> {
    self.calls.push(call);
    if (self.down) return Promise.reject(refused());
    return Promise.resolve(work());
  }
  return self;
}

function migrate(storage: InMemoryStorage, layout: TenantLayout, migrations: MigrationSet): MigrationState {
  const done = storage.applied.get(where(layout)) ?? [];
  const pending = migrations.names.filter((name) => !done.includes(name));
  if (storage.broken && pending.includes(storage.broken)) {
    throw new MigrationFailedError(`tenant migration failed: relation "no_such_table" does not exist (SQLSTATE 42P01)`, { cause: new Error('42P01') });
  }
  storage.applied.set(where(layout), [...done, ...pending]);
  return { ...stateOf([...done, ...pending]), ran: pending };
}

function stateOf(applied: readonly string[]): MigrationState {
  return { applied: applied.length, latest: applied.at(-1), ran: [] };
}

export interface InMemoryRegistry extends DatabaseServerRegistry {
  readonly storageOf: Map<string, InMemoryStorage>;
  setHealth(name: string, reachable: boolean | undefined): void;
}

/** The given servers, reachable, each with its own in-memory storage. */
export function inMemoryRegistry(servers: readonly DatabaseServer[]): InMemoryRegistry {
  const resources = new Map(servers.map((server) => [server.metadata.name, server]));
  const storageOf = new Map(servers.map((server) => [server.metadata.name, inMemoryStorage()]));
  const health = new Map<string, ServerHealth>(servers.map((server) => [server.metadata.name, { reachable: true, message: 'connected' }]));
  const listeners: Array<(name: string, health: ServerHealth) => void> = [];
  return {
    storageOf,
    setHealth(name, reachable) {
      health.set(name, { reachable, message: reachable ? 'connected' : 'connection refused' });
      for (const listener of listeners) listener(name, health.get(name)!);
    },
    upsert(server) {
      resources.set(server.metadata.name, server);
      if (!storageOf.has(server.metadata.name)) storageOf.set(server.metadata.name, inMemoryStorage());
    },
    remove(name) {
      resources.delete(name);
    },
    names: () => [...resources.keys()].sort(),
    resource: (name) => resources.get(name),
    health: (name) => health.get(name) ?? { reachable: false, message: `DatabaseServer ${name} not found` },
    resolve(name) {
      const resource = resources.get(name);
      const storage = storageOf.get(name);
      if (!resource || !storage) return Promise.reject(new Error(`DatabaseServer ${name} not found`));
      return Promise.resolve({ name, resource, storage });
    },
    reportConnectionFailure(name) {
      health.set(name, { reachable: false, message: 'reported by a reconcile' });
    },
    onHealthChange(listener) {
      listeners.push(listener);
    },
    close: () => Promise.resolve(),
  };
}

export function databaseServer(name: string, capacity = 100): DatabaseServer {
  return {
    apiVersion: 'tenantry.dev/v1alpha1', kind: 'DatabaseServer', metadata: { name, generation: 1 },
    spec: { host: `${name}.db`, port: 5432, sslMode: 'disable', capacity, credentialsSecret: { name: `${name}-admin`, namespace: 'tenantry-system' } },
  };
}

/** A migrations folder that never changes unless the test says so. */
export function inMemoryCatalog(initial: readonly string[]): MigrationCatalog & { set(names: readonly string[]): void } {
  let names = [...initial];
  return {
    dir: '/migrations',
    current: () => Promise.resolve({ dir: '/migrations', names, latest: names.at(-1) }),
    onChange: () => () => undefined,
    set(next) {
      names = [...next];
    },
  };
}

/** Whether a SCRAM verifier was made from `password`: recomputed with the verifier's own salt and iterations. */
export async function verifies(verifier: string | null | undefined, password: string | undefined): Promise<boolean> {
  const match = /^SCRAM-SHA-256\$(\d+):([^$]+)\$/.exec(verifier ?? '');
  if (!match || password === undefined) return false;
  return await scramSha256Verifier(password, { iterations: Number(match[1]), salt: Buffer.from(match[2]!, 'base64') }) === verifier;
}
