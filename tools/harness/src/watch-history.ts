// Records every version of one cluster-scoped object a watch delivers, from its creation to its deletion,
// so a test can judge each state a client such as Flux would have seen, not only the last one.
import { Watch } from '@kubernetes/client-node';
import type { Environment } from './environment.js';
import { eventually } from './eventually.js';

export interface WatchedVersion<T> {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly object: T;
}

export interface WatchHistory<T> {
  /** Every version delivered so far, in order. */
  versions(): readonly WatchedVersion<T>[];
  /** Waits for a delivered version that satisfies `predicate`, and returns it. */
  until(description: string, predicate: (version: WatchedVersion<T>) => boolean, timeoutMs?: number): Promise<WatchedVersion<T>>;
  stop(): void;
}

export interface WatchHistoryOptions {
  /** The collection's path, e.g. `/apis/tenantry.dev/v1alpha1/tenants`. */
  readonly path: string;
  readonly name: string;
}

/**
 * Starts watching before the object exists, so its very first version is recorded too. A watch the API server
 * ends (or refuses at first, 429 while a new CRD's handler starts) resumes from the last version seen.
 */
export async function watchHistory<T extends { metadata?: { resourceVersion?: string } }>(
  env: Environment, { path, name }: WatchHistoryOptions,
): Promise<WatchHistory<T>> {
  const versions: WatchedVersion<T>[] = [];
  const watch = new Watch(env.kubeConfig());
  let stopped = false;
  let current: { abort(): void } | undefined;
  let lastError: unknown;
  /** One watch request: true once the API server streams it, false when it ended or failed before that. */
  const connect = () => new Promise<boolean>((resolve) => {
    let ended = false;
    const resourceVersion = versions.at(-1)?.object.metadata?.resourceVersion;
    watch.watch(path, { fieldSelector: `metadata.name=${name}`, ...(resourceVersion === undefined ? {} : { resourceVersion }) },
      (type, object) => {
        if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') versions.push({ type, object: object as T });
      },
      (error) => {
        ended = true;
        if (error !== null && error !== undefined) lastError = error;
        resolve(false);
        // A stream that ran and ended (the server's timeout, an abort) resumes from the last version.
        if (current !== undefined && !stopped) void keepWatching();
      }).then((request) => {
      if (ended) return;
      current = request;
      resolve(true);
    }, (error: unknown) => {
      lastError = error;
      resolve(false);
    });
  });
  const keepWatching = async (): Promise<void> => {
    current = undefined;
    while (!stopped && !(await connect())) await new Promise((resolve) => setTimeout(resolve, 100));
  };
  await keepWatching();
  return {
    versions: () => versions,
    async until(description, predicate, timeoutMs = 60_000) {
      try {
        return await eventually(`the watch of ${name} delivers a version where ${description}`, () => versions.find(predicate), { timeoutMs });
      } catch (error) {
        const cause = lastError instanceof Error ? ` (the watch last failed with: ${lastError.message})` : '';
        throw new Error(`${(error as Error).message}${cause}`, { cause: error });
      }
    },
    stop: () => {
      stopped = true;
      current?.abort();
    },
  };
}
