// A list+watch cache of Tenant resources that restarts itself: client-node's informer stops for good on a
// watch error (its own inactivity timeout only reconnects), so errors restart it with capped backoff.
import { CustomObjectsApi, makeInformer, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { tenantPlural, tenantryGroup, tenantryVersion, type Logger, type Tenant } from '@tenantry/runtime';

export type TenantEvent = 'add' | 'update' | 'delete';
export type TenantListener = (tenant: Tenant, event: TenantEvent) => void;

export interface TenantWatch {
  /** Resolves once the first list is in the cache; retries until the API serves Tenants (CRDs may come later). */
  start(): Promise<void>;
  stop(): Promise<void>;
  synced(): boolean;
  get(name: string): Tenant | undefined;
  list(): Tenant[];
  /** Called for every change, and with `add` for each Tenant of every (re)list. */
  subscribe(listener: TenantListener): () => void;
}

export interface TenantWatchOptions {
  readonly kubeConfig: KubeConfig;
  readonly logger: Logger;
  readonly maxRestartDelayMs?: number;
}

export function createTenantWatch({ kubeConfig, logger, maxRestartDelayMs = 30_000 }: TenantWatchOptions): TenantWatch {
  const objects = kubeConfig.makeApiClient(CustomObjectsApi);
  const list = () => objects.listClusterCustomObject({ group: tenantryGroup, version: tenantryVersion, plural: tenantPlural }) as
    Promise<{ items: KubernetesObject[]; metadata?: { resourceVersion?: string } }>;
  const informer = makeInformer<KubernetesObject>(kubeConfig, `/apis/${tenantryGroup}/${tenantryVersion}/${tenantPlural}`, list);
  const listeners = new Set<TenantListener>();
  let stopping = false;
  let synced = false;
  let delay = 500;
  let restartTimer: NodeJS.Timeout | undefined;

  const emit = (event: TenantEvent) => (object: KubernetesObject) => {
    for (const listener of listeners) listener(object as unknown as Tenant, event);
  };
  informer.on('add', emit('add'));
  informer.on('update', emit('update'));
  informer.on('delete', emit('delete'));
  informer.on('connect', () => { delay = 500; });
  let failures = 0;
  informer.on('error', (error: unknown) => {
    failures += 1;
    // stop() aborts the watch request, which also arrives here; before the first sync, start() retries itself.
    if (stopping || !synced) return;
    logger.warn('tenant watch failed; restarting', { error, retryInMs: delay });
    clearTimeout(restartTimer);
    restartTimer = setTimeout(() => {
      informer.start().catch((startError: unknown) => logger.warn('tenant watch restart failed', { error: startError }));
    }, delay);
    delay = Math.min(delay * 2, maxRestartDelayMs);
  });

  return {
    async start() {
      stopping = false;
      for (let wait = 500; !stopping; wait = Math.min(wait * 2, 10_000)) {
        // The informer reports a failed list through 'error' and still resolves start().
        const before = failures;
        const error = await informer.start().then(() => undefined, (startError: unknown) => startError ?? 'failed');
        if (error === undefined && failures === before) {
          synced = true;
          logger.info('tenant watch synced', { tenants: informer.list().length });
          return;
        }
        logger.warn('cannot list tenants yet; retrying', { error, retryInMs: wait });
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    },
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      await informer.stop();
    },
    synced: () => synced,
    get: (name) => informer.get(name) as unknown as Tenant | undefined,
    list: () => informer.list() as unknown as Tenant[],
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
