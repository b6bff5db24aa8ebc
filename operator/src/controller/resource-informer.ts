// A list+watch cache of one resource type that keeps itself alive: client-node's informer stops on a
// watch error, so this restarts it with capped backoff (except while stopping, which also fires "error").
import { makeInformer, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';

/** Custom objects arrive as plain JSON (timestamps stay strings), so only the name is required here. */
export interface NamedObject { metadata: { name: string } }

export interface ResourceInformerOptions<T extends NamedObject> {
  readonly kubeConfig: KubeConfig;
  readonly path: string;
  readonly list: () => Promise<{ items: T[]; metadata?: { resourceVersion?: string } }>;
  readonly onChange: (object: T, kind: 'add' | 'update' | 'delete') => void;
  readonly onError?: (error: unknown) => void;
  readonly maxRestartDelayMs?: number;
}

export interface ResourceInformer<T extends NamedObject> {
  start(): Promise<void>;
  stop(): Promise<void>;
  get(name: string): T | undefined;
  list(): readonly T[];
  synced(): boolean;
}

export function createResourceInformer<T extends NamedObject>(options: ResourceInformerOptions<T>): ResourceInformer<T> {
  const { kubeConfig, path, list, onChange, onError, maxRestartDelayMs = 30_000 } = options;
  const informer = makeInformer<KubernetesObject>(kubeConfig, path, list);
  let stopping = false;
  let starting = false;
  let startError: unknown;
  let synced = false;
  let restartDelay = 500;
  let restartTimer: NodeJS.Timeout | undefined;

  // client-node reports a failed list through "error" and still resolves start(): catch it here, so
  // "synced" only ever means the cache holds a real list.
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
  };
  const scheduleRestart = () => {
    clearTimeout(restartTimer);
    restartTimer = setTimeout(() => {
      attempt().catch((error: unknown) => {
        onError?.(error);
        if (!stopping) scheduleRestart();
      });
    }, restartDelay);
    restartDelay = Math.min(maxRestartDelayMs, restartDelay * 2);
  };

  informer.on('add', (object) => onChange(object as unknown as T, 'add'));
  informer.on('update', (object) => onChange(object as unknown as T, 'update'));
  informer.on('delete', (object) => onChange(object as unknown as T, 'delete'));
  informer.on('error', (error: unknown) => {
    if (stopping) return;
    if (starting) {
      startError = error ?? new Error(`listing ${path} failed`);
      return;
    }
    onError?.(error);
    scheduleRestart();
  });

  return {
    async start() {
      stopping = false;
      await attempt();
    },
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      await informer.stop();
    },
    get: (name) => informer.get(name) as unknown as T | undefined,
    list: () => informer.list() as unknown as readonly T[],
    synced: () => synced,
  };
}
