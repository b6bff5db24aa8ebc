// Wires informers, the work queue and the reconcilers together. Knows nothing about SQL: it turns
// watch events, health changes and resyncs into queue keys, and keys into reconcile calls.
import { ApiextensionsV1Api, CoreV1Api, CustomObjectsApi, type KubeConfig, type V1Secret } from '@kubernetes/client-node';
import {
  conditionIsTrue, createResourceInformer, createTenantInformer, withoutManagedFields, tenantryGroup, tenantryVersion, withLogContext, withSpan,
  type DatabaseServer, type Logger, type Tenant,
} from '@tenantry/runtime';
import { createAuthenticatorSecrets } from '../kube/authenticator-secret.js';
import { MANAGED_SECRETS_SELECTOR, createCredentialsSecrets } from '../kube/credentials-secret.js';
import { createEventRecorder } from '../kube/event-recorder.js';
import { createTenantApi, isNotFound } from '../kube/tenant-api.js';
import type { OperatorMetrics, ReconcileKind } from '../metrics.js';
import { createDatabaseServerRegistry } from '../postgres/database-servers.js';
import { createMigrationCatalog } from '../postgres/migration-catalog.js';
import { createDatabaseServerReconciler } from '../reconcile/database-server-reconciler.js';
import { createServerAuthenticator } from '../reconcile/server-authenticator.js';
import { createPlacement } from '../reconcile/placement.js';
import { placedServer } from '../reconcile/placement-record.js';
import { createTenantReconciler } from '../reconcile/tenant-reconciler.js';
import { createRolloutController, rolloutKey } from './rollout-controller.js';
import { createWorkQueue, type ReconcileResult } from './work-queue.js';

export interface OperatorControllerOptions {
  readonly kubeConfig: KubeConfig;
  /** Namespace of the tenants' credentials Secrets. */
  readonly namespace: string;
  readonly instance: string;
  readonly concurrency: number;
  readonly resyncPeriodMs: number;
  readonly migrationsDir: string;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** How long a new tenant waits for the DatabaseServer its spec names before it is Stalled. */
  readonly missingServerGraceMs?: number;
  readonly logger: Logger;
  readonly metrics: () => OperatorMetrics;
}

export interface OperatorController {
  start(): Promise<void>;
  stop(): Promise<void>;
  synced(): boolean;
  queueDepth(): number;
  tenantsByPhase(): Map<string, number>;
  /** Tenants whose `Stalled` condition is True: they wait for a human. */
  tenantsStalled(): number;
}

const tenantKey = (name: string) => `tenant/${name}`;
const serverKey = (name: string) => `server/${name}`;
const tenantCountDelayMs = 1000;
/** The metrics' kind label of a queue key: tenant, server or rollout. */
const kindOf = (key: string) => key.slice(0, key.indexOf('/')) as ReconcileKind;

export function createOperatorController(options: OperatorControllerOptions): OperatorController {
  const { kubeConfig, logger } = options;
  const objects = kubeConfig.makeApiClient(CustomObjectsApi);
  const extensions = kubeConfig.makeApiClient(ApiextensionsV1Api);
  const servers = createDatabaseServerRegistry({
    kubeConfig, connectionsPerDatabase: options.concurrency, migrationLog: (message) => logger.debug('migration runner', { detail: message }),
  });
  const catalog = createMigrationCatalog(options.migrationsDir);
  const written = new Map<string, Tenant>();

  const tenants = createTenantInformer({ kubeConfig, logger });
  /** The server each tenant is placed on, as last seen: a change moves a DatabaseServer's tenant count. */
  const placedOn = new Map<string, string>();
  const placedCounts = new Map<string, number>();
  const countOn = (server: string | undefined, delta: number) => {
    if (server === undefined) return;
    placedCounts.set(server, (placedCounts.get(server) ?? 0) + delta);
    // One status write per server and second at most, however many tenants a burst places on it.
    queue.addAfter(serverKey(server), tenantCountDelayMs);
  };
  tenants.subscribe((tenant, event) => {
    const name = tenant.metadata.name;
    if (event === 'delete') written.delete(name);
    else queue.add(tenantKey(name));
    const server = event === 'delete' ? undefined : placedServer(tenant);
    const before = placedOn.get(name);
    if (server === before) return;
    if (server === undefined) placedOn.delete(name);
    else placedOn.set(name, server);
    countOn(before, -1);
    countOn(server, +1);
  });
  // The credentials Secrets, so a deleted one is put back at once and a resync finds missing ones without a request.
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const credentialSecrets = createResourceInformer<V1Secret & { metadata: { name: string } }>({
    kubeConfig, logger, kind: 'Secret', namespace: options.namespace, labelSelector: MANAGED_SECRETS_SELECTOR,
    // Only whether a Secret exists matters here: no password is kept in this cache.
    trim: (secret) => {
      delete secret.data;
      delete secret.stringData;
      withoutManagedFields(secret);
    },
    path: `/api/v1/namespaces/${options.namespace}/secrets`,
    list: () => core.listNamespacedSecret({ namespace: options.namespace, labelSelector: MANAGED_SECRETS_SELECTOR }) as Promise<{ items: Array<V1Secret & { metadata: { name: string } }> }>,
  });
  credentialSecrets.subscribe((secret, event) => {
    const owner = secret.metadata.ownerReferences?.find((reference) => reference.kind === 'Tenant');
    if (event === 'delete' && owner !== undefined) queue.add(tenantKey(owner.name));
    // An authenticator Secret replaced (a rotation) or deleted: its server's role follows.
    const server = secret.metadata.ownerReferences?.find((reference) => reference.kind === 'DatabaseServer');
    if (event !== 'add' && server !== undefined) queue.add(serverKey(server.name));
  });
  const serverInformer = createResourceInformer<DatabaseServer>({
    kubeConfig, logger, kind: 'DatabaseServer',
    path: `/apis/${tenantryGroup}/${tenantryVersion}/databaseservers`,
    list: () => objects.listClusterCustomObject({ group: tenantryGroup, version: tenantryVersion, plural: 'databaseservers' }) as Promise<{ items: DatabaseServer[] }>,
  });
  serverInformer.subscribe((server, event) => {
    const name = server.metadata.name;
    if (event === 'delete') servers.remove(name);
    else servers.upsert(server);
    queue.add(serverKey(name));
    // Tenants applied before the server they name wait for it: this is what they wait for.
    if (event === 'add') enqueueTenants((tenant) => tenant.spec.databaseServer === name && placedServer(tenant) === undefined);
  });

  /** The informer cache can lag our own writes; prefer whichever copy is newer. */
  const freshest = (name: string): Tenant | undefined => {
    const cached = tenants.get(name);
    const mine = written.get(name);
    if (!cached || !mine) return cached;
    const newer = BigInt(mine.metadata.resourceVersion ?? '0') > BigInt(cached.metadata.resourceVersion ?? '0');
    if (!newer) written.delete(name);
    return newer ? mine : cached;
  };

  const events = createEventRecorder({ kubeConfig, instance: options.instance, onError: (error) => logger.warn('event not recorded', { error }) });
  const rollout = createRolloutController({
    kubeConfig, logger, catalog, tenants, events, concurrency: options.concurrency,
    admitTenant: (name) => queue.addFirst(tenantKey(name)),
    enqueueTenant: (name) => queue.add(tenantKey(name)),
    // Ahead of tenant passes: the next wave waits on the roll-out's look, not behind the fleet.
    enqueueRollout: (delayMs) => queue.addAfter(rolloutKey, delayMs, { first: true }),
    enqueueAllTenants: () => enqueueTenants(),
  });
  const tenantReconciler = createTenantReconciler({
    tenants: createTenantApi(kubeConfig),
    secrets: createCredentialsSecrets(kubeConfig, options.namespace),
    secretExists: (name) => credentialSecrets.get(name) !== undefined,
    servers,
    placement: createPlacement(servers, { counts: () => placedCounts, serverOf: (name) => placedOn.get(name) }),
    catalog,
    ...(options.missingServerGraceMs === undefined ? {} : { missingServerGraceMs: options.missingServerGraceMs }),
    events,
    rollout: rollout.gate,
    crdTerminating: async () => {
      try {
        const crd = await extensions.readCustomResourceDefinition({ name: `tenants.${tenantryGroup}` });
        return Boolean(crd.metadata?.deletionTimestamp);
      } catch (error) {
        if (isNotFound(error)) return true;
        throw error;
      }
    },
    logger,
    remember: (tenant) => written.set(tenant.metadata.name, tenant),
    onProvisioned: (tenant, seconds) => options.metrics().provisioned(tenant.spec.tier ?? 'pool', seconds),
  });
  const serverReconciler = createDatabaseServerReconciler({
    kubeConfig, servers, tenantCount: (name) => placedCounts.get(name) ?? 0, logger,
    authenticator: createServerAuthenticator({
      secrets: createAuthenticatorSecrets(kubeConfig, options.namespace), servers, logger,
      secretVersion: (name) => credentialSecrets.get(name)?.metadata.resourceVersion,
    }),
  });

  const reconcileKey = async (key: string): Promise<ReconcileResult> => {
    const [kind, name = ''] = key.split('/', 2);
    if (key === rolloutKey) return withSpan('reconcile MigrationRollout', () => rollout.reconcile(), { root: true });
    if (kind === 'server') {
      const server = serverInformer.get(name);
      if (server) {
        await withSpan('reconcile DatabaseServer', () => withLogContext({ databaseServer: name }, () => serverReconciler.reconcile(server)), {
          root: true, attributes: { 'tenantry.database_server': name },
        });
      }
      return undefined;
    }
    const tenant = freshest(name);
    if (!tenant) return undefined;
    return withSpan('reconcile Tenant', () => withLogContext({ tenantId: name }, () => tenantReconciler.reconcile(tenant)), {
      root: true, attributes: { 'tenantry.tenant': name },
    });
  };

  const queue = createWorkQueue(reconcileKey, {
    concurrency: options.concurrency, baseDelayMs: options.retryBaseMs, maxDelayMs: options.retryMaxMs,
  }, {
    onSuccess: (key, ms) => options.metrics().reconciled(kindOf(key), 'success', ms / 1000),
    onFailure: (key, error, attempt, retryInMs, ms) => {
      options.metrics().reconciled(kindOf(key), 'error', ms / 1000);
      logger.debug('reconcile will be retried', { key, attempt, retryInMs, error });
    },
  });

  const enqueueTenants = (predicate: (tenant: Tenant) => boolean = () => true) => {
    for (const tenant of tenants.list()) if (predicate(tenant)) queue.add(tenantKey(tenant.metadata.name));
  };

  servers.onHealthChange((name, health) => {
    logger.info('database server health changed', { databaseServer: name, reachable: health.reachable, detail: health.message });
    queue.add(serverKey(name));
    enqueueTenants((tenant) => tenant.status?.database?.server === name);
  });

  let resyncTimer: NodeJS.Timeout | undefined;
  let stopWatchingMigrations = () => undefined as void;

  return {
    async start() {
      queue.start();
      // Servers and Secrets first: tenants are judged steady against them; the roll-out policy decides their migrations.
      await Promise.all([serverInformer.start(), credentialSecrets.start(), rollout.start()]);
      await tenants.start();
      stopWatchingMigrations = catalog.onChange(() => {
        if (rollout.governs()) return; // the MigrationRollout's reconcile queues them, those it admits first
        logger.info('tenant migrations changed on disk; rolling every tenant forward');
        enqueueTenants();
      });
      resyncTimer = setInterval(() => {
        enqueueTenants();
        for (const name of servers.names()) queue.add(serverKey(name));
      }, options.resyncPeriodMs);
      resyncTimer.unref();
      logger.info('controller started', { tenants: tenants.list().length, databaseServers: servers.names().length });
    },
    async stop() {
      clearInterval(resyncTimer);
      stopWatchingMigrations();
      await Promise.all([tenants.stop(), serverInformer.stop(), credentialSecrets.stop(), rollout.stop()]);
      await queue.shutDown();
      await servers.close();
    },
    synced: () => tenants.synced() && serverInformer.synced() && credentialSecrets.synced() && rollout.synced(),
    queueDepth: () => queue.depth(),
    tenantsByPhase() {
      const phases = new Map<string, number>();
      for (const tenant of tenants.list()) {
        const phase = tenant.metadata.deletionTimestamp ? 'Deleting' : tenant.status?.phase ?? 'Pending';
        phases.set(phase, (phases.get(phase) ?? 0) + 1);
      }
      return phases;
    },
    tenantsStalled: () => tenants.list().filter((tenant) => conditionIsTrue(tenant, 'Stalled')).length,
  };
}
