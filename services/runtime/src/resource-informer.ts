// A list+watch cache of one Kubernetes resource type that keeps itself alive, for every process that
// watches (operator, platform, gateway). client-node's informer stops for good on a watch error and
// reports a failed list through "error" while still resolving start(); some clusters also drop watches
// silently. So: start() retries until a real list, errors restart it with capped backoff, and a watchdog
// restarts it after a long silence. Stopping fires "error" too, which is ignored.
import { CustomObjectsApi, makeInformer, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import type { Logger } from './logger.js';
import { tenantPlural, tenantryGroup, tenantryVersion, type Tenant } from './resources/tenantry-resources.js';

export type ResourceEvent = 'add' | 'update' | 'delete';

/** Custom objects arrive as plain JSON (timestamps stay strings), so only the name is required here. */
export interface NamedObject { metadata: { name: string } }

export interface ResourceInformerOptions<T extends NamedObject> {
  readonly kubeConfig: KubeConfig;
  /** The watch path, e.g. /apis/tenantry.dev/v1alpha1/tenants. */
  readonly path: string;
  readonly list: () => Promise<{ items: T[]; metadata?: { resourceVersion?: string } }>;
  /** What is watched, for log lines, e.g. "Tenant". */
  readonly kind: string;
  readonly logger: Logger;
  readonly maxRestartDelayMs?: number;
  /** Restart when nothing (no event, no reconnect) arrived for this long. */
  readonly silenceLimitMs?: number;
  /** Watch only objects with these labels, e.g. `app.kubernetes.io/managed-by=tenantry-operator`; `list` must filter alike. */
  readonly labelSelector?: string;
  /** For a namespaced resource watched in one namespace: where `get` looks names up. */
  readonly namespace?: string;
  /**
   * Deletes, in place, the fields of each object that this process never reads, before the object is kept in
   * the cache or handed to subscribers: a thousand cached objects carry a lot of managedFields.
   */
  readonly trim?: (object: T) => void;
}

export interface ResourceInformer<T extends NamedObject> {
  /** Resolves once the first real list is cached; retries until then (the CRD may be installed later). */
  start(): Promise<void>;
  stop(): Promise<void>;
  synced(): boolean;
  get(name: string): T | undefined;
  list(): T[];
  /** Called for every change, including those a relist finds; returns the unsubscribe function. */
  subscribe(listener: (object: T, event: ResourceEvent) => void): () => void;
}

export function createResourceInformer<T extends NamedObject>(options: ResourceInformerOptions<T>): ResourceInformer<T> {
  const { kubeConfig, path, list, kind, logger, maxRestartDelayMs = 30_000, silenceLimitMs = 600_000, labelSelector, namespace, trim } = options;
  const informer = makeInformer<KubernetesObject>(kubeConfig, path, list, labelSelector);
  const listeners = new Set<(object: T, event: ResourceEvent) => void>();
  let stopping = false;
  let starting = false;
  let startError: unknown;
  let synced = false;
  let restartDelay = 500;
  let restartTimer: NodeJS.Timeout | undefined;
  let watchdog: NodeJS.Timeout | undefined;
  let lastSeen = Date.now();
  const seen = () => { lastSeen = Date.now(); };

  for (const event of ['add', 'update', 'delete'] as const) {
    informer.on(event, (object) => {
      seen();
      // The cache holds this very object: trimming it here trims what is cached.
      if (event !== 'delete') trim?.(object as unknown as T);
      for (const listener of listeners) listener(object as unknown as T, event);
    });
  }
  informer.on('connect', seen);
  informer.on('error', (error: unknown) => {
    if (stopping) return;
    if (starting) {
      startError = error ?? new Error(`listing ${path} failed`);
      return;
    }
    logger.warn('watch failed; restarting', { resource: kind, error, retryInMs: restartDelay });
    scheduleRestart();
  });

  const attempt = async () => {
    starting = true;
    startError = undefined;
    try {
      await informer.start();
    } finally {
      starting = false;
    }
    if (startError !== undefined) throw startError as Error;
    synced = true;
    restartDelay = 500;
    seen();
  };
  function scheduleRestart() {
    clearTimeout(restartTimer);
    restartTimer = setTimeout(() => {
      attempt().catch((error: unknown) => {
        logger.warn('watch restart failed', { resource: kind, error });
        if (!stopping) scheduleRestart();
      });
    }, restartDelay);
    restartDelay = Math.min(maxRestartDelayMs, restartDelay * 2);
  }

  return {
    async start() {
      stopping = false;
      for (let wait = 500; !stopping; wait = Math.min(wait * 2, 10_000)) {
        try {
          await attempt();
          break;
        } catch (error) {
          logger.warn('cannot list yet; retrying', { resource: kind, retryInMs: wait, error });
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }
      if (stopping) return;
      logger.info('watch synced', { resource: kind, objects: informer.list().length });
      watchdog = setInterval(() => {
        if (Date.now() - lastSeen <= silenceLimitMs) return;
        seen();
        logger.warn('watch silent for too long; restarting', { resource: kind });
        void informer.stop().then(() => { if (!stopping) scheduleRestart(); });
      }, Math.min(silenceLimitMs, 30_000));
      watchdog.unref();
    },
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      clearInterval(watchdog);
      await informer.stop();
    },
    synced: () => synced,
    get: (name) => informer.get(name, namespace) as unknown as T | undefined,
    list: () => informer.list() as unknown as T[],
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The informer every Tenantry process uses for Tenants. */
export function createTenantInformer({ kubeConfig, logger }: { kubeConfig: KubeConfig; logger: Logger }): ResourceInformer<Tenant> {
  const objects = kubeConfig.makeApiClient(CustomObjectsApi);
  return createResourceInformer<Tenant>({
    kubeConfig, logger, kind: 'Tenant',
    path: `/apis/${tenantryGroup}/${tenantryVersion}/${tenantPlural}`,
    list: () => objects.listClusterCustomObject({ group: tenantryGroup, version: tenantryVersion, plural: tenantPlural }) as Promise<{ items: Tenant[] }>,
    trim: withoutManagedFields,
  });
}

/** Server-side apply bookkeeping no Tenantry process reads; an update that omits it leaves it unchanged. */
export function withoutManagedFields(object: { metadata?: object }): void {
  if (object.metadata !== undefined) delete (object.metadata as { managedFields?: unknown }).managedFields;
}
