// Leader election on a coordination.k8s.io/v1 Lease, after client-go's leaderelection package.
import { setTimeout as delay } from 'node:timers/promises';
import {
  ApiException, CoordinationV1Api, Observable, V1MicroTime,
  type ConfigurationOptions, type KubeConfig, type ObservableMiddleware, type V1Lease, type V1LeaseSpec,
} from '@kubernetes/client-node';

export interface LeaderElectionOptions {
  readonly kubeConfig: KubeConfig;
  readonly namespace: string;
  readonly leaseName: string;
  /** Unique per candidate, e.g. hostname + pid. */
  readonly identity: string;
  /** How long others wait after the last renewal they observed before taking over, e.g. 15000; whole seconds in the Lease, rounded up. */
  readonly leaseDurationMs: number;
  /** Leadership is given up when renewals have failed for this long, e.g. 10000; below leaseDurationMs. */
  readonly renewDeadlineMs: number;
  /** Pause between attempts to acquire or renew, e.g. 2000. */
  readonly retryPeriodMs: number;
  readonly onStartedLeading: () => void;
  /** Called once when leadership ends, whatever the cause; the operator exits on this. */
  readonly onStoppedLeading: () => void;
  /** Failed attempts other than lost races (409); the loop keeps trying. */
  readonly onError?: (error: unknown) => void;
}

export interface LeaderElector {
  /** Starts campaigning; one leadership term per elector: once it ends, the elector is done. */
  run(): void;
  /** Stops campaigning, ends leadership if held (onStoppedLeading first) and releases the Lease. */
  stop(): Promise<void>;
  isLeader(): boolean;
}

type Attempt = 'holding' | 'held-elsewhere' | 'failed';

export function createLeaderElector(options: LeaderElectionOptions): LeaderElector {
  validate(options);
  const { namespace, leaseName: name, identity, renewDeadlineMs, retryPeriodMs } = options;
  const leaseDurationSeconds = Math.ceil(options.leaseDurationMs / 1000);
  const api = options.kubeConfig.makeApiClient(CoordinationV1Api);
  // A hung request must not hold the loop past the point where its answer could still matter.
  const requestOptions = timeoutOptions(renewDeadlineMs);
  const pause = new AbortController();
  let phase: 'idle' | 'running' | 'stopping' | 'done' = 'idle';
  let leading = false;
  /** The Lease as we last wrote it while holding it: what `stop()` releases. */
  let ownLease: V1Lease | undefined;
  let observed: { readonly record: string; readonly at: number } | undefined;
  let deadline: NodeJS.Timeout | undefined;
  let loop: Promise<void> | undefined;
  let stopped: Promise<void> | undefined;

  async function campaign(): Promise<void> {
    while (phase === 'running') {
      const startedAt = performance.now();
      const attempt = await tryAcquireOrRenew();
      if (phase !== 'running') return;
      if (attempt === 'holding') lead(startedAt);
      else if (attempt === 'held-elsewhere' && leading) endLeadership();
      await delay(retryPeriodMs, undefined, { signal: pause.signal, ref: false }).catch(() => undefined);
    }
  }

  async function tryAcquireOrRenew(): Promise<Attempt> {
    if (leading && ownLease) {
      // client-go's fast path: the leader renews the Lease as it last wrote it, without reading it first
      // (half the requests of an idle operator). Its resourceVersion makes the write fail if anyone else
      // wrote since; then, as on any failure here, the slow path reads the Lease and decides afresh.
      const now = performance.now();
      try {
        ownLease = await api.replaceNamespacedLease({ name, namespace, body: { ...ownLease, spec: nextSpec(ownLease.spec) } }, requestOptions);
        observe(ownLease.spec, now);
        return 'holding';
      } catch {
        ownLease = undefined;
      }
    }
    try {
      const current = await readLease();
      const now = performance.now();
      if (!current) {
        ownLease = await api.createNamespacedLease({ namespace, body: { metadata: { name, namespace }, spec: nextSpec(undefined) } }, requestOptions);
        observe(ownLease.spec, now);
        return 'holding';
      }
      observe(current.spec, now);
      if (heldByAnother(current.spec, now)) {
        ownLease = undefined;
        return 'held-elsewhere';
      }
      ownLease = await api.replaceNamespacedLease({ name, namespace, body: { ...current, spec: nextSpec(current.spec) } }, requestOptions);
      observe(ownLease.spec, now);
      return 'holding';
    } catch (error) {
      // 409: another candidate created or updated the Lease since we read it, so it won this round.
      if (!(error instanceof ApiException && error.code === 409) && phase === 'running') options.onError?.(error);
      return 'failed';
    }
  }

  async function readLease(): Promise<V1Lease | undefined> {
    try {
      return await api.readNamespacedLease({ name, namespace }, requestOptions);
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) return undefined;
      throw error;
    }
  }

  // As client-go does, expiry is judged by when WE saw the record last change, on our own monotonic
  // clock, never by the holder's renewTime: the two machines' clocks may disagree.
  function observe(spec: V1LeaseSpec | undefined, at: number): void {
    const record = recordKey(spec);
    if (observed?.record !== record) observed = { record, at };
  }

  function heldByAnother(spec: V1LeaseSpec | undefined, now: number): boolean {
    const holder = spec?.holderIdentity ?? '';
    if (holder === '' || holder === identity) return false;
    const durationMs = (spec?.leaseDurationSeconds ?? 0) * 1000;
    return observed !== undefined && now < observed.at + durationMs;
  }

  function nextSpec(current: V1LeaseSpec | undefined): V1LeaseSpec {
    // Lease times are MicroTime: the API server refuses a Date's millisecond form (400), V1MicroTime writes six digits.
    const now = new V1MicroTime();
    const ours = current?.holderIdentity === identity;
    return {
      ...current,
      holderIdentity: identity,
      leaseDurationSeconds,
      acquireTime: ours && current.acquireTime ? current.acquireTime : now,
      renewTime: now,
      leaseTransitions: (current?.leaseTransitions ?? 0) + (current && !ours ? 1 : 0),
    };
  }

  function lead(startedAt: number): void {
    // The renewal counts from when it was sent, not when its answer came back: others count from then too.
    clearTimeout(deadline);
    deadline = setTimeout(endLeadership, Math.max(0, startedAt + renewDeadlineMs - performance.now()));
    deadline.unref();
    if (leading) return;
    leading = true;
    options.onStartedLeading();
  }

  /** Leadership lost (renew deadline passed, or another holder seen): the term is over, the Lease untouched. */
  function endLeadership(): void {
    ownLease = undefined;
    stopLeading();
    if (phase !== 'running') return;
    phase = 'done';
    pause.abort();
  }

  function stopLeading(): void {
    clearTimeout(deadline);
    if (!leading) return;
    leading = false;
    options.onStoppedLeading();
  }

  async function release(): Promise<void> {
    const lease = ownLease;
    ownLease = undefined;
    if (!lease) return;
    const now = new V1MicroTime();
    // An empty holder lets a standby take over at once; the 1 s duration covers candidates that ignore that.
    const spec: V1LeaseSpec = { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now };
    try {
      await api.replaceNamespacedLease({ name, namespace, body: { ...lease, spec } }, requestOptions);
    } catch (error) {
      // 409/404: the Lease changed hands or vanished since we last wrote it; there is nothing of ours to release.
      if (error instanceof ApiException && (error.code === 409 || error.code === 404)) return;
      throw error;
    }
  }

  async function shutDown(): Promise<void> {
    phase = 'stopping';
    pause.abort();
    // An attempt in flight may still land; waiting for it keeps ownLease's resourceVersion right for release.
    await loop;
    stopLeading();
    phase = 'done';
    await release();
  }

  return {
    run() {
      if (phase !== 'idle') throw new Error('a leader elector runs once; create a new one to campaign again');
      phase = 'running';
      loop = campaign();
    },
    stop() {
      stopped ??= shutDown();
      return stopped;
    },
    isLeader: () => leading,
  };
}

/** What identifies one version of the record; renewals change renewTime, so every renewal is a change. */
function recordKey(spec: V1LeaseSpec | undefined): string {
  return JSON.stringify([
    spec?.holderIdentity ?? '', spec?.leaseDurationSeconds, spec?.leaseTransitions, timeText(spec?.acquireTime), timeText(spec?.renewTime),
  ]);
}

// client-node 2.0.1 does not deserialize MicroTime fields: read back, they are the server's strings.
function timeText(time: Date | string | undefined): string | undefined {
  return time instanceof Date ? time.toISOString() : time;
}

function timeoutOptions(timeoutMs: number): ConfigurationOptions {
  const timeout: ObservableMiddleware = {
    pre: (context) => {
      context.setSignal(AbortSignal.timeout(timeoutMs));
      return new Observable(Promise.resolve(context));
    },
    post: (context) => new Observable(Promise.resolve(context)),
  };
  return { middleware: [timeout], middlewareMergeStrategy: 'append' };
}

function validate({ leaseDurationMs, renewDeadlineMs, retryPeriodMs }: LeaderElectionOptions): void {
  if (!(retryPeriodMs > 0)) throw new RangeError(`retryPeriodMs must be positive, got ${retryPeriodMs}`);
  // client-go's rules: renewals must be retried before the deadline, which must fall before others may take over.
  if (!(renewDeadlineMs > retryPeriodMs)) throw new RangeError('renewDeadlineMs must be greater than retryPeriodMs');
  if (!(leaseDurationMs > renewDeadlineMs)) throw new RangeError('leaseDurationMs must be greater than renewDeadlineMs');
}
