// A rate-limited work queue in the manner of client-go's: dedupe by key, one handler per key, bounded concurrency, per-key backoff.
export interface WorkQueueOptions {
  /** Handlers running at once. */
  readonly concurrency: number;
  /** Delay before the first retry of a failed key. */
  readonly baseDelayMs: number;
  /** Cap of the exponential backoff, jitter included. */
  readonly maxDelayMs: number;
  /** 0..1, default 0.2: a retry waits `delay * (1 + jitter * random())`. */
  readonly jitter?: number;
  /** Source of randomness for the jitter, default Math.random. */
  readonly random?: () => number;
}

export type ReconcileResult = { readonly requeueAfterMs?: number } | void;

export interface WorkQueueHooks {
  onSuccess?(key: string, durationMs: number): void;
  onFailure?(key: string, error: unknown, attempt: number, retryInMs: number, durationMs: number): void;
}

export interface WorkQueue {
  /** Queues a key now; a key already waiting is not added twice, and a pending delayed retry is run now. */
  add(key: string): void;
  /** Queues a key after a delay, keeping only the earliest pending schedule per key; `first` queues it as addFirst does. */
  addAfter(key: string, delayMs: number, options?: { readonly first?: boolean }): void;
  /** Queues a key ahead of every waiting one (moving it up when it waits already): work something else waits on. */
  addFirst(key: string): void;
  /** Keys ready to run, not counting those being processed or scheduled for later. */
  depth(): number;
  processing(): number;
  start(): void;
  /** Stops taking work, drops what is waiting and resolves once in-flight handlers have finished. */
  shutDown(): Promise<void>;
  /** Resolves when nothing is waiting, processing, or scheduled within baseDelayMs. */
  drained(): Promise<void>;
}

type Handler = (key: string) => Promise<ReconcileResult>;

interface Scheduled {
  readonly dueAt: number;
  readonly timer: NodeJS.Timeout;
}

export function createWorkQueue(handler: Handler, options: WorkQueueOptions, hooks: WorkQueueHooks = {}): WorkQueue {
  validate(options);
  const { concurrency, baseDelayMs } = options;
  const ready: string[] = [];
  const waiting = new Set<string>();
  const active = new Set<string>();
  const dirty = new Set<string>();
  const scheduled = new Map<string, Scheduled>();
  const failures = new Map<string, number>();
  const inFlight = new Set<Promise<void>>();
  const drainWaiters: Array<() => void> = [];
  let started = false;
  let stopping = false;

  function add(key: string): void {
    if (stopping) return;
    cancelSchedule(key);
    if (active.has(key)) {
      dirty.add(key);
      return;
    }
    if (waiting.has(key)) return;
    waiting.add(key);
    ready.push(key);
    pump();
  }

  function addFirst(key: string): void {
    if (stopping) return;
    cancelSchedule(key);
    if (active.has(key)) {
      dirty.add(key);
      return;
    }
    if (waiting.has(key)) ready.splice(ready.indexOf(key), 1);
    else waiting.add(key);
    ready.unshift(key);
    pump();
  }

  function addAfter(key: string, delayMs: number, { first = false }: { readonly first?: boolean } = {}): void {
    if (stopping) return;
    const enqueue = first ? addFirst : add;
    if (delayMs <= 0) {
      enqueue(key);
      return;
    }
    // Already due to run sooner: a later schedule would only cause a redundant pass (but may move it up).
    if (waiting.has(key) || dirty.has(key)) {
      if (first && waiting.has(key)) addFirst(key);
      return;
    }
    const dueAt = performance.now() + delayMs;
    const current = scheduled.get(key);
    if (current && current.dueAt <= dueAt) return;
    cancelSchedule(key);
    const timer = setTimeout(() => {
      scheduled.delete(key);
      enqueue(key);
    }, delayMs);
    timer.unref();
    scheduled.set(key, { dueAt, timer });
  }

  function cancelSchedule(key: string): void {
    const current = scheduled.get(key);
    if (!current) return;
    clearTimeout(current.timer);
    scheduled.delete(key);
  }

  function pump(): void {
    while (started && !stopping && active.size < concurrency && ready.length > 0) {
      const key = ready.shift()!;
      waiting.delete(key);
      active.add(key);
      const run = reconcile(key);
      inFlight.add(run);
      void run.finally(() => inFlight.delete(run));
    }
    settleDrainWaiters();
  }

  async function reconcile(key: string): Promise<void> {
    const began = performance.now();
    let outcome: { ok: true; result: ReconcileResult } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, result: await handler(key) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    const durationMs = performance.now() - began;
    active.delete(key);
    const rerunNow = dirty.delete(key) && !stopping;
    if (outcome.ok) {
      failures.delete(key);
      if (rerunNow) add(key);
      else if (outcome.result?.requeueAfterMs !== undefined) addAfter(key, outcome.result.requeueAfterMs);
      pump();
      hooks.onSuccess?.(key, durationMs);
      return;
    }
    const attempt = (failures.get(key) ?? 0) + 1;
    failures.set(key, attempt);
    // A new event for the key beats the backoff, as an add would.
    const retryInMs = rerunNow ? 0 : backoff(attempt);
    if (rerunNow) add(key);
    else addAfter(key, retryInMs);
    pump();
    hooks.onFailure?.(key, outcome.error, attempt, retryInMs, durationMs);
  }

  function backoff(attempt: number): number {
    const { maxDelayMs, jitter = 0.2, random = Math.random } = options;
    const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    return Math.min(maxDelayMs, exponential * (1 + jitter * random()));
  }

  function isDrained(): boolean {
    if (ready.length > 0 || active.size > 0) return false;
    const soon = performance.now() + baseDelayMs;
    for (const { dueAt } of scheduled.values()) if (dueAt < soon) return false;
    return true;
  }

  function settleDrainWaiters(): void {
    if (drainWaiters.length === 0 || !isDrained()) return;
    for (const resolve of drainWaiters.splice(0)) resolve();
  }

  return {
    add,
    addAfter,
    addFirst,
    depth: () => ready.length,
    processing: () => active.size,
    start() {
      started = true;
      pump();
    },
    async shutDown() {
      stopping = true;
      for (const key of [...scheduled.keys()]) cancelSchedule(key);
      ready.length = 0;
      waiting.clear();
      dirty.clear();
      await Promise.allSettled([...inFlight]);
      settleDrainWaiters();
    },
    drained() {
      if (isDrained()) return Promise.resolve();
      return new Promise((resolve) => drainWaiters.push(resolve));
    },
  };
}

function validate({ concurrency, baseDelayMs, maxDelayMs, jitter = 0.2 }: WorkQueueOptions): void {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  if (!(baseDelayMs > 0)) throw new RangeError(`baseDelayMs must be positive, got ${baseDelayMs}`);
  if (!(maxDelayMs >= baseDelayMs)) throw new RangeError(`maxDelayMs must be at least baseDelayMs, got ${maxDelayMs}`);
  if (!(jitter >= 0 && jitter <= 1)) throw new RangeError(`jitter must be within 0..1, got ${jitter}`);
}
