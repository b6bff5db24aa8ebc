// Reconciles one Tenant as a short recipe of idempotent steps — finalizer, placement, credentials,
// role, storage, suspension, migrations — then writes the status once, only if it changed.
import { isDeepStrictEqual } from 'node:util';
import { storageNames, withSpan, type Logger, type Tenant, type TenantStatus } from '@tenantry/runtime';
import { failpoint } from '../failpoints.js';
import type { CredentialsSecrets } from '../kube/credentials-secret.js';
import type { EventRecorder } from '../kube/event-recorder.js';
import { isConflict, storageFinalizer, type TenantApi } from '../kube/tenant-api.js';
import { DatabaseServerError, type DatabaseServerRegistry, type ResolvedServer } from '../postgres/database-servers.js';
import type { MigrationCatalog, MigrationSet } from '../postgres/migration-catalog.js';
import { generatePassword, scramSha256Verifier } from '../postgres/scram-verifier.js';
import { isConnectionError } from '../postgres/server-connections.js';
import { lockDownServer } from '../postgres/server-lockdown.js';
import { siloTemplateFor } from '../postgres/silo-template.js';
import { MigrationFailedError, migrateTenant } from '../postgres/tenant-migrations.js';
import { dropStorage, ensureRole, ensureStorage, retainStorage, setLogin, type TenantLayout } from '../postgres/tenant-storage.js';
import { PlacementError, type Placement } from './placement.js';
import { computeStatus, deletingStatus, placedStatus, stripUndefined, type PassFacts } from './tenant-status.js';

export interface TenantReconcilerDeps {
  readonly tenants: TenantApi;
  readonly secrets: CredentialsSecrets;
  readonly servers: DatabaseServerRegistry;
  readonly placement: Placement;
  readonly catalog: MigrationCatalog;
  readonly events: EventRecorder;
  /** True when the Tenant CRD itself is being deleted: storage is then always retained. */
  readonly crdTerminating: () => Promise<boolean>;
  readonly logger: Logger;
  /** Whether the named credentials Secret exists, from a watch: a steady tenant whose Secret went is not steady. */
  readonly secretExists: (name: string) => boolean;
  /** Remembers the newest version of a Tenant this process wrote, ahead of the informer cache. */
  readonly remember: (tenant: Tenant) => void;
  readonly onProvisioned?: (tenant: Tenant, seconds: number) => void;
  readonly now?: () => Date;
}

export interface TenantReconciler {
  reconcile(tenant: Tenant): Promise<void>;
  /** True when the tenant's status already matches its spec and the migrations on disk. */
  isSteady(tenant: Tenant, catalog: MigrationSet): boolean;
}

export function createTenantReconciler(deps: TenantReconcilerDeps): TenantReconciler {
  const { tenants, secrets, secretExists, servers, placement, catalog, events, logger, remember, now = () => new Date() } = deps;

  const isSteady = (tenant: Tenant, migrations: MigrationSet): boolean => {
    const status = tenant.status;
    if (!status?.database?.server || status.observedGeneration !== tenant.metadata.generation) return false;
    if (!tenant.metadata.finalizers?.includes(storageFinalizer)) return false;
    if (servers.health(status.database.server).reachable === false) return false;
    if (status.database.secretName !== undefined && !secretExists(status.database.secretName)) return false;
    if (tenant.spec.suspended) return status.phase === 'Suspended';
    return status.phase === 'Ready' && status.migrations?.latest === migrations.latest
      && status.migrations?.applied === migrations.names.length;
  };

  const writeStatus = async (tenant: Tenant, status: TenantStatus): Promise<Tenant> => {
    if (isDeepStrictEqual(stripUndefined(tenant.status ?? {}), status)) return tenant;
    const updated = await tenants.replaceStatus(tenant, status);
    remember(updated);
    return updated;
  };

  const ensureFinalizer = async (tenant: Tenant): Promise<Tenant> => {
    if (tenant.metadata.finalizers?.includes(storageFinalizer)) return tenant;
    return tenants.addFinalizer(tenant, storageFinalizer);
  };

  /** Records the server and every storage name in status before anything is created. */
  const ensurePlacement = async (tenant: Tenant): Promise<Tenant> => {
    if (tenant.status?.database?.server) return tenant;
    const serverName = await retainedStorageServer(tenant) ?? placement.choose(tenant);
    const server = servers.resource(serverName);
    const names = storageNames(tenant.metadata.name);
    const tier = tenant.spec.tier ?? 'pool';
    const database = tier === 'silo' ? names.database : server?.spec.poolDatabase ?? 'tenantry_pool';
    const updated = await tenants.mergeStatus(tenant.metadata.name, placedStatus(tenant, {
      server: serverName, host: server?.spec.host, port: server?.spec.port ?? 5432,
      name: database, schema: names.schema, role: names.role, secretName: names.secretName,
    }, now()));
    placement.settle(tenant.metadata.name);
    failpoint('after-placement');
    return updated;
  };

  /** A re-applied Tenant goes back to the server that retained its storage, wherever capacity is. */
  const retainedStorageServer = async (tenant: Tenant): Promise<string | undefined> => {
    if (tenant.spec.databaseServer) return undefined;
    const role = storageNames(tenant.metadata.name).role;
    for (const name of servers.names()) {
      if (servers.health(name).reachable === false) continue;
      const server = await servers.resolve(name).catch(() => undefined);
      const found = await server?.connections.withAdmin('postgres', (client) =>
        client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).catch(() => undefined);
      if (found?.rowCount) return name;
    }
    return undefined;
  };

  const resolveReachable = async (serverName: string): Promise<ResolvedServer> => {
    const health = servers.health(serverName);
    if (health.reachable === false) {
      throw new DatabaseServerError('SERVER_UNREACHABLE', `DatabaseServer ${serverName} is unreachable (${health.message})`);
    }
    return servers.resolve(serverName);
  };

  const provision = async (tenant: Tenant, facts: PassFacts, migrations: MigrationSet): Promise<Tenant> => {
    const steps = stepTimer();
    // Two independent writes (object and status subresource): made at once, the newer result wins.
    const [withFinalizer, placed] = await Promise.all([phase('finalizer', () => ensureFinalizer(tenant)), phase('placement', () => ensurePlacement(tenant))]);
    const current = newer(withFinalizer, placed);
    remember(current);
    steps.mark('finalizer+placement');
    facts.stage = 'storage';
    const database = current.status!.database!;
    const wanted = current.spec.databaseServer;
    // The CRD refuses this change on placed tenants; a Tenant written before that rule still gets a clear answer.
    if (wanted !== undefined && wanted !== database.server) {
      throw new PlacementError(`spec.databaseServer names ${wanted}, but the tenant's storage is on ${database.server ?? 'another server'}: `
        + 'storage never moves between servers; set spec.databaseServer back, or remove it');
    }
    const layout = layoutOf(current);
    const server = await resolveReachable(database.server!);
    const connection = {
      host: server.resource.spec.host, port: server.resource.spec.port ?? 5432, sslMode: server.resource.spec.sslMode ?? 'prefer',
      database: layout.database, schema: layout.schema, username: layout.role,
    };
    const login = !facts.suspended;
    // The Secret is the source of truth for the password. While a tenant has never been Ready nobody
    // logs in as its role, so the Secret is written while the SQL runs, with a proposed password; if
    // the Secret already held another one, the role is aligned to it afterwards. A Ready tenant's
    // role only ever gets the password its Secret already holds.
    if (current.status?.provisionedAt) {
      const credentials = await phase('secret', () => secrets.ensure(current, database.secretName!, connection, generatePassword()));
      await buildStorage(server, layout, credentials.password, login, facts, migrations, steps);
      return current;
    }
    const proposed = generatePassword();
    // allSettled, not all: a fast failure of one half must not leave the other running into the retry.
    const [secret, sql] = await Promise.allSettled([
      phase('secret', async () => {
        const written = await secrets.ensure(current, database.secretName!, connection, proposed);
        failpoint('after-secret');
        return written;
      }),
      buildStorage(server, layout, proposed, login, facts, migrations, steps),
    ]);
    if (secret.status === 'rejected') throw secret.reason as Error;
    if (sql.status === 'rejected') throw sql.reason as Error;
    if (secret.value.password !== proposed) {
      await phase('role', () => ensureRole(server.connections, layout, scramSha256Verifier(secret.value.password), login));
    }
    return current;
  };

  /** Role, then storage, then suspension or migrations: the SQL half of provisioning. */
  const buildStorage = async (
    server: ResolvedServer, layout: TenantLayout, password: string, login: boolean,
    facts: PassFacts, migrations: MigrationSet, steps: ReturnType<typeof stepTimer>,
  ): Promise<void> => {
    await phase('server', () => lockDownServer(server.connections));
    await phase('role', () => ensureRole(server.connections, layout, scramSha256Verifier(password), login));
    steps.mark('role');
    failpoint('after-role');
    // A silo tenant is a copy of the server's pre-migrated template; when the copy is as current as
    // the migrations on disk, there is nothing left for the runner to do.
    const template = layout.tier === 'silo'
      ? siloTemplateFor(server.connections, server.resource.spec.templateDatabase ?? 'tenantry_template', catalog.dir)
      : undefined;
    const templateState = template ? await phase('template', () => template.prepare(migrations)) : undefined;
    const copied = await phase('storage', () => ensureStorage(server.connections, layout, template));
    steps.mark('storage');
    failpoint('after-storage');
    if (facts.suspended) {
      await phase('suspension', () => setLogin(server.connections, layout, false));
      facts.stage = 'done';
      return;
    }
    facts.stage = 'migrations';
    const copiedCurrent = copied && templateState?.latest === migrations.latest ? templateState : undefined;
    facts.migrations = copiedCurrent
      ? { applied: copiedCurrent.applied, latest: copiedCurrent.latest, ran: [] }
      : await phase('migrations', () => migrateTenant({
        server: server.connections, layout, dir: catalog.dir, names: migrations.names,
        log: (message) => logger.debug('migration runner', { detail: message }),
      }));
    steps.mark('migrations');
    logger.debug('provisioning steps', { ms: steps.durations() });
    failpoint('after-migrations');
    facts.stage = 'done';
  };

  /**
   * A Ready tenant whose spec was fully applied, passed over by isSteady only because the migrations on
   * disk moved on (a roll-out). Its finalizer, Secret, role and storage were in place when it last
   * reported Ready and, like any steady tenant's, are not re-checked: the pass runs the migrations alone.
   */
  const behindOnlyOnMigrations = (tenant: Tenant): boolean => {
    const status = tenant.status;
    return status?.phase === 'Ready' && status.provisionedAt !== undefined && !tenant.spec.suspended
      && status.observedGeneration === tenant.metadata.generation && status.database?.server !== undefined
      && (status.database.secretName === undefined || secretExists(status.database.secretName))
      && tenant.metadata.finalizers?.includes(storageFinalizer) === true;
  };

  const migrateReadyTenant = async (tenant: Tenant, facts: PassFacts, migrations: MigrationSet): Promise<Tenant> => {
    const server = await resolveReachable(tenant.status!.database!.server!);
    facts.stage = 'migrations';
    facts.migrations = await phase('migrations', () => migrateTenant({
      server: server.connections, layout: layoutOf(tenant), dir: catalog.dir, names: migrations.names,
      log: (message) => logger.debug('migration runner', { detail: message }),
    }));
    facts.stage = 'done';
    return tenant;
  };

  const reconcile = async (tenant: Tenant): Promise<void> => {
    if (tenant.metadata.deletionTimestamp) return finalize(tenant);
    const migrations = await catalog.current();
    if (isSteady(tenant, migrations)) return;
    const facts: PassFacts = { stage: 'placement', suspended: tenant.spec.suspended === true };
    let current = tenant;
    let failure: Error | undefined;
    try {
      current = behindOnlyOnMigrations(tenant)
        ? await migrateReadyTenant(tenant, facts, migrations)
        : await provision(tenant, facts, migrations);
    } catch (error) {
      if (isConflict(error)) throw error; // Stale read: retry at once with the newer object.
      failure = error instanceof Error ? error : new Error(String(error));
      facts.failure = classify(error, current);
      if (!(error instanceof DatabaseServerError) && isConnectionError(error) && current.status?.database?.server) {
        servers.reportConnectionFailure(current.status.database.server, error);
      }
    }
    const wasReady = current.status?.provisionedAt !== undefined;
    const status = computeStatus(current, facts, migrations, now());
    const written = await phase('status', () => writeStatus(current, status));
    announce(written, facts, wasReady);
    if (failure) throw failure;
  };

  const announce = (tenant: Tenant, facts: PassFacts, wasReady: boolean) => {
    const tier = tenant.spec.tier ?? 'pool';
    if (facts.failure) {
      events.record(tenant, 'Warning', facts.failure.reason, facts.failure.message);
      logger.warn('tenant reconcile failed', { reason: facts.failure.reason, error: facts.failure.message, transient: facts.failure.transient });
      return;
    }
    // On first provisioning the Provisioned event below says how many migrations ran; one event, one API write.
    if (wasReady && facts.migrations?.ran.length) {
      events.record(tenant, 'Normal', 'MigrationsApplied', `applied ${facts.migrations.ran.join(', ')}`);
    }
    if (facts.suspended) {
      events.record(tenant, 'Normal', 'Suspended', 'tenant role can no longer log in; open sessions were ended');
    } else if (!wasReady && tenant.status?.provisionedAt) {
      const seconds = (Date.parse(tenant.status.provisionedAt) - Date.parse(tenant.metadata.creationTimestamp ?? tenant.status.provisionedAt)) / 1000;
      deps.onProvisioned?.(tenant, Math.max(0, seconds));
      events.record(tenant, 'Normal', 'Provisioned', tenant.status.message ?? 'storage ready');
      logger.info('tenant ready', { tier, server: tenant.status.database?.server, migrations: tenant.status.migrations?.applied });
    }
  };

  const finalize = async (tenant: Tenant): Promise<void> => {
    const finalizers = tenant.metadata.finalizers ?? [];
    if (!finalizers.includes(storageFinalizer)) return;
    const serverName = tenant.status?.database?.server;
    let current = tenant;
    if (serverName) {
      // Said before anything is released: storage may take a while to drop, or refuse to.
      current = await phase('status', () => writeStatus(tenant, deletingStatus(tenant, now())));
      try {
        const server = await resolveReachable(serverName);
        await phase('release', () => releaseStorage(current, server));
        failpoint('after-release');
      } catch (error) {
        const failure = classify(error, current);
        await writeStatus(current, deletingStatus(current, now(), failure.message)).catch(() => undefined);
        events.record(current, 'Warning', 'DeletionBlocked', `cannot release storage: ${failure.message}`);
        throw error;
      }
    }
    remember(await phase('finalizer', () => tenants.setFinalizers(current, finalizers.filter((name) => name !== storageFinalizer))));
    logger.info('tenant finalized', { deletionPolicy: tenant.spec.deletionPolicy ?? 'Retain' });
  };

  const releaseStorage = async (tenant: Tenant, server: ResolvedServer): Promise<void> => {
    const layout = layoutOf(tenant);
    const stamp = `${now().toISOString()}, uid ${tenant.metadata.uid ?? 'unknown'}`;
    if (await deps.crdTerminating()) {
      // Losing the CRD deletes every Tenant at once; that must never be read as "delete the data".
      await retainStorage(server.connections, layout, `tenantry: retained when the Tenant CRD was deleted (tenant ${tenant.metadata.name}, ${stamp})`, false);
      events.record(tenant, 'Warning', 'StorageRetained',
        'the Tenant CRD is being deleted: storage and role retained whatever the deletionPolicy; re-apply the Tenant to re-adopt them');
      return;
    }
    if (tenant.spec.deletionPolicy === 'Delete') {
      await dropStorage(server.connections, layout);
      events.record(tenant, 'Normal', 'StorageDeleted', `dropped ${layout.tier === 'silo' ? 'database' : 'schema'} ${layout.tier === 'silo' ? layout.database : layout.schema} and role ${layout.role}`);
      return;
    }
    await retainStorage(server.connections, layout, `tenantry: retained after Tenant ${tenant.metadata.name} was deleted (${stamp})`, true);
    events.record(tenant, 'Normal', 'StorageRetained',
      `deletionPolicy Retain: ${layout.tier === 'silo' ? 'database' : 'schema'} and role ${layout.role} kept (login disabled); re-apply the Tenant to re-adopt them`);
  };

  return { reconcile, isSteady };
}

/** One traced step of a reconcile: the Kubernetes calls and SQL inside it become its child spans. */
function phase<T>(name: string, step: () => Promise<T>): Promise<T> {
  return withSpan(name, step, { attributes: { 'tenantry.phase': name } });
}

/** Of two copies of the same object, the one the API server wrote last. */
function newer(a: Tenant, b: Tenant): Tenant {
  return BigInt(a.metadata.resourceVersion ?? '0') >= BigInt(b.metadata.resourceVersion ?? '0') ? a : b;
}

/** Milliseconds spent per named step, for the debug log. */
function stepTimer() {
  let last = performance.now();
  const durations: Record<string, number> = {};
  return {
    mark(step: string) {
      const now = performance.now();
      durations[step] = Math.round((now - last) * 10) / 10;
      last = now;
    },
    durations: () => durations,
  };
}

export function layoutOf(tenant: Tenant): TenantLayout {
  const database = tenant.status?.database;
  if (!database?.name || !database.schema || !database.role) {
    throw new Error(`tenant ${tenant.metadata.name} has no recorded storage names`);
  }
  return { tier: tenant.spec.tier ?? 'pool', database: database.name, schema: database.schema, role: database.role };
}

function classify(error: unknown, tenant: Tenant): { transient: boolean; reason: string; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof MigrationFailedError) return { transient: false, reason: 'MigrationFailed', message };
  if (error instanceof PlacementError) return { transient: false, reason: 'PlacementFailed', message };
  if (error instanceof DatabaseServerError) {
    return error.code === 'SERVER_UNREACHABLE'
      ? { transient: true, reason: 'DatabaseUnreachable', message }
      : { transient: false, reason: error.code === 'SERVER_NOT_FOUND' ? 'DatabaseServerNotFound' : 'CredentialsUnavailable', message };
  }
  if (isConnectionError(error)) {
    const server = tenant.status?.database?.server ?? 'its DatabaseServer';
    return { transient: true, reason: 'DatabaseUnreachable', message: `cannot reach ${server}: ${message}` };
  }
  // PostgreSQL reports two sessions changing one catalog row at once this way; the retry succeeds.
  if ((error as { code?: unknown }).code === 'XX000' && /tuple concurrently updated/.test(message)) {
    return { transient: true, reason: 'ConcurrentCatalogUpdate', message };
  }
  const httpCode = (error as { code?: unknown }).code;
  if (typeof httpCode === 'number') return { transient: true, reason: 'KubernetesApiError', message: `Kubernetes API error ${httpCode}: ${message}` };
  return { transient: false, reason: 'ProvisioningFailed', message };
}
