// A list+watch cache of Tenant resources that restarts itself on errors (capped backoff) and when silent too long.
import { CustomObjectsApi, makeInformer, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { tenantPlural, tenantryGroup, tenantryVersion, type Logger, type Tenant } from '@tenantry/runtime';

export interface TenantWatch {
  /** Resolves once the first list is in the cache; retries until the API serves Tenants. */
  start(): Promise<void>;
  stop(): Promise<void>;
  synced(): boolean;
  get(name: string): Tenant | undefined;
}

export interface TenantWatchOptions {
  readonly kubeConfig: KubeConfig;
  readonly logger: Logger;
  readonly maxRestartDelayMs?: number;
  /** Restart the watch when no event (nor connect) arrived for this long: some clusters drop watches silently. */
  readonly silenceLimitMs?: number;
}

export function createTenantWatch({ kubeConfig, logger, maxRestartDelayMs = 30_000, silenceLimitMs = 600_000 }: TenantWatchOptions): TenantWatch {
  const objects = kubeConfig.makeApiClient(CustomObjectsApi);
  const list = () => objects.listClusterCustomObject({ group: tenantryGroup, version: tenantryVersion, plural: tenantPlural }) as
    Promise<{ items: KubernetesObject[]; metadata?: { resourceVersion?: string } }>;
  const informer = makeInformer<KubernetesObject>(kubeConfig, `/apis/${tenantryGroup}/${tenantryVersion}/${tenantPlural}`, list);
  let stopping = false;
  let synced = false;
  let delay = 500;
  let failures = 0;
  let lastSeen = Date.now();
  let restartTimer: NodeJS.Timeout | undefined;
  let watchdog: NodeJS.Timeout | undefined;

  const restart = (why: string, error?: unknown) => {
    logger.warn('tenant watch restarting', { why, error, retryInMs: delay });
    clearTimeout(restartTimer);
    restartTimer = setTimeout(() => {
      lastSeen = Date.now();
      informer.start().catch((startError: unknown) => logger.warn('tenant watch restart failed', { error: startError }));
    }, delay);
    delay = Math.min(delay * 2, maxRestartDelayMs);
  };
  const seen = () => { lastSeen = Date.now(); };
  informer.on('add', seen);
  informer.on('update', seen);
  informer.on('delete', seen);
  informer.on('connect', () => { delay = 500; seen(); });
  informer.on('error', (error: unknown) => {
    failures += 1;
    // stop() aborts the watch request, which also arrives here; before the first sync, start() retries itself.
    if (!stopping && synced) restart('error', error);
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
          seen();
          watchdog = setInterval(() => {
            if (Date.now() - lastSeen > silenceLimitMs) {
              seen();
              void informer.stop().then(() => restart('silent'));
            }
          }, Math.min(silenceLimitMs, 30_000));
          watchdog.unref();
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
      clearInterval(watchdog);
      await informer.stop();
    },
    synced: () => synced,
    get: (name) => informer.get(name) as unknown as Tenant | undefined,
  };
}
