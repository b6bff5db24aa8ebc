// Leader election against a real API server: one leader at a time, fast graceful hand-over, safe take-over after a loss.
import { randomBytes } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { expect } from 'chai';
import { CoreV1Api, KubeConfig, Watch } from '@kubernetes/client-node';
import { eventually, sharedEnvironment, type Environment } from '@tenantry/harness';
import { createLeaderElector, type LeaderElector } from '../src/controller/leader-election.js';

const timings = { leaseDurationMs: 2000, renewDeadlineMs: 1500, retryPeriodMs: 200 };
const leaseName = 'tenantry-operator';

interface Candidate {
  readonly identity: string;
  readonly elector: LeaderElector;
  /** Wall-clock times of onStartedLeading / onStoppedLeading. */
  readonly started: number[];
  readonly stopped: number[];
}

interface LeaseRecord {
  readonly holder: string;
  readonly renewTime: string;
  readonly acquireTime: string;
  readonly durationSeconds: number;
  readonly transitions: number;
}

/** Counts leaders from the callbacks (exact) and by sampling isLeader() (what the rest of the process sees). */
class LeadershipLog {
  maxLeaders = 0;
  maxSampledLeaders = 0;
  private leaders = 0;
  private readonly sampler: NodeJS.Timeout;

  constructor(private readonly candidates: Candidate[]) {
    this.sampler = setInterval(() => {
      const leading = this.candidates.filter((candidate) => candidate.elector.isLeader()).length;
      this.maxSampledLeaders = Math.max(this.maxSampledLeaders, leading);
    }, 5);
  }

  candidate(kubeConfig: KubeConfig, namespace: string, identity: string): Candidate {
    const started: number[] = [];
    const stopped: number[] = [];
    const elector = createLeaderElector({
      kubeConfig, namespace, leaseName, identity, ...timings,
      onStartedLeading: () => {
        started.push(Date.now());
        this.maxLeaders = Math.max(this.maxLeaders, ++this.leaders);
      },
      onStoppedLeading: () => {
        stopped.push(Date.now());
        this.leaders -= 1;
      },
    });
    const candidate = { identity, elector, started, stopped };
    this.candidates.push(candidate);
    return candidate;
  }

  async stop(): Promise<void> {
    clearInterval(this.sampler);
    await Promise.allSettled(this.candidates.map((candidate) => candidate.elector.stop()));
  }
}

/** Every version of the Lease, as a watch delivers them. */
async function watchLease(kubeConfig: KubeConfig, namespace: string): Promise<{ history: LeaseRecord[]; stop(): void }> {
  const history: LeaseRecord[] = [];
  type RawLease = { spec?: { holderIdentity?: string; renewTime?: string; acquireTime?: string; leaseDurationSeconds?: number; leaseTransitions?: number } };
  const request = await new Watch(kubeConfig).watch(`/apis/coordination.k8s.io/v1/namespaces/${namespace}/leases`, {},
    (_type, { spec = {} }: RawLease) => history.push({
      holder: spec.holderIdentity ?? '',
      renewTime: spec.renewTime ?? '',
      acquireTime: spec.acquireTime ?? '',
      durationSeconds: spec.leaseDurationSeconds ?? 0,
      transitions: spec.leaseTransitions ?? 0,
    }),
    () => undefined);
  return { history, stop: () => request.abort() };
}

/** A TCP relay to the API server that a test can cut, as a network partition would. */
async function startPartitionableProxy(target: URL): Promise<{ url: string; cut(): void }> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket)).on('error', () => undefined);
  };
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    track(client);
    track(upstream);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `https://127.0.0.1:${port}`,
    cut() {
      server.close();
      for (const socket of sockets) socket.destroy();
    },
  };
}

function throughProxy(kubeConfig: KubeConfig, server: string): KubeConfig {
  const proxied = new KubeConfig();
  proxied.loadFromOptions({
    clusters: kubeConfig.clusters.map((cluster) => ({ ...cluster, server })),
    users: kubeConfig.users,
    contexts: kubeConfig.contexts,
    currentContext: kubeConfig.currentContext,
  });
  return proxied;
}

describe('leader election (integration)', function () {
  this.timeout(60_000);
  let env: Environment;
  let namespace: string;
  let log: LeadershipLog;
  let lease: { history: LeaseRecord[]; stop(): void };

  before(async () => {
    env = await sharedEnvironment();
  });

  beforeEach(async () => {
    namespace = `leader-${randomBytes(4).toString('hex')}`;
    await env.kubeConfig().makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: namespace } } });
    log = new LeadershipLog([]);
    lease = await watchLease(env.kubeConfig(), namespace);
  });

  afterEach(async () => {
    await log.stop();
    lease.stop();
    await env.kubeConfig().makeApiClient(CoreV1Api).deleteNamespace({ name: namespace });
  });

  const leaderOf = (candidates: Candidate[]) => {
    const leaders = candidates.filter((candidate) => candidate.elector.isLeader());
    return leaders.length === 1 ? leaders[0] : undefined;
  };
  const renewalsBy = (holder: string) => lease.history.filter((record) => record.holder === holder).length;

  it('elects exactly one of two candidates and keeps it while it renews', async () => {
    // given two candidates campaigning for the same Lease
    const candidates = [log.candidate(env.kubeConfig(), namespace, 'a'), log.candidate(env.kubeConfig(), namespace, 'b')];
    candidates.forEach((candidate) => candidate.elector.run());
    // when one of them leads
    const leader = await eventually('one candidate leads', () => leaderOf(candidates), { timeoutMs: 5_000 });
    const follower = candidates.find((candidate) => candidate !== leader)!;
    // then it keeps the Lease through several renewals while the other never leads
    const seen = renewalsBy(leader.identity);
    await eventually('the leader renews the Lease four more times', () => renewalsBy(leader.identity) >= seen + 4, { timeoutMs: 5_000 });
    expect(leader.elector.isLeader()).to.equal(true);
    expect(follower.started).to.deep.equal([]);
    expect(log.maxLeaders).to.equal(1);
    expect(log.maxSampledLeaders).to.equal(1);
    // and the Lease says so, with microsecond timestamps the API server accepted
    const last = lease.history.at(-1)!;
    expect(last).to.include({ holder: leader.identity, durationSeconds: 2, transitions: 0 });
    expect(last.renewTime).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(new Set(lease.history.map((record) => record.acquireTime)).size).to.equal(1);
  });

  it('hands over to the standby within a second when the leader stops', async () => {
    // given a leader and a standby
    const candidates = [log.candidate(env.kubeConfig(), namespace, 'a'), log.candidate(env.kubeConfig(), namespace, 'b')];
    candidates.forEach((candidate) => candidate.elector.run());
    const leader = await eventually('one candidate leads', () => leaderOf(candidates), { timeoutMs: 5_000 });
    const standby = candidates.find((candidate) => candidate !== leader)!;
    // when the leader stops
    await leader.elector.stop();
    const stoppedAt = Date.now();
    // then it released the Lease, and the standby leads within a second
    expect(leader.stopped).to.have.length(1);
    await eventually('the released Lease is seen, with no holder and a 1 s duration',
      () => lease.history.some((record) => record.holder === '' && record.durationSeconds === 1), { timeoutMs: 5_000 });
    await eventually('the standby leads', () => standby.elector.isLeader(), { timeoutMs: 1_000 });
    expect(standby.started[0]! - stoppedAt).to.be.below(1_000);
    await eventually('the Lease names the standby', () => lease.history.at(-1)?.holder === standby.identity, { timeoutMs: 5_000 });
    expect(lease.history.at(-1)).to.include({ transitions: 1, durationSeconds: 2 });
    expect(log.maxLeaders).to.equal(1);
    expect(log.maxSampledLeaders).to.equal(1);
  });

  it('takes over from a leader cut off from the API server only once its lease expired, after it stepped down', async () => {
    // given a leader that reaches the API server through a relay, and a standby that has watched it renew
    const relay = await startPartitionableProxy(new URL(env.apiServerUrl));
    const leader = log.candidate(throughProxy(env.kubeConfig(), relay.url), namespace, 'cut-off');
    leader.elector.run();
    await eventually('the first candidate leads', () => leader.elector.isLeader(), { timeoutMs: 5_000 });
    const standby = log.candidate(env.kubeConfig(), namespace, 'standby');
    standby.elector.run();
    const seen = renewalsBy(leader.identity);
    await eventually('the leader renews twice while the standby campaigns', () => renewalsBy(leader.identity) >= seen + 2, { timeoutMs: 5_000 });
    // when the leader can no longer reach the API server: its renewals stop, nothing releases the Lease
    const cutAt = Date.now();
    relay.cut();
    // then the leader steps down within its renew deadline, and the standby leads once the lease expired
    await eventually('the standby leads', () => standby.elector.isLeader(), { timeoutMs: 5_000 });
    const lastRenewal = Date.parse(lease.history.filter((record) => record.holder === leader.identity).at(-1)!.renewTime);
    const steppedDownAt = leader.stopped[0]!;
    const tookOverAt = standby.started[0]!;
    expect(steppedDownAt - lastRenewal, 'leader stepped down after its last renewal (ms)').to.be.at.most(timings.renewDeadlineMs + 200);
    expect(tookOverAt - lastRenewal, 'take-over after the last renewal (ms)').to.be.at.least(timings.leaseDurationMs);
    // The standby sees the last renewal up to one retry period late, then checks once per retry period.
    expect(tookOverAt - cutAt, 'take-over after the cut (ms)').to.be.at.most(timings.leaseDurationMs + 2 * timings.retryPeriodMs + 500);
    expect(steppedDownAt).to.be.below(tookOverAt);
    // The Lease watch that records the history may deliver the standby's write a moment after it leads.
    await eventually('the Lease history shows the standby holding it', () => lease.history.at(-1)?.holder === standby.identity);
    expect(lease.history.at(-1)).to.include({ holder: standby.identity, transitions: 1 });
    expect(log.maxLeaders).to.equal(1);
    expect(log.maxSampledLeaders).to.equal(1);
  });

  it('refuses timings under which two candidates could lead at once', () => {
    const base = { kubeConfig: env.kubeConfig(), namespace: 'any', leaseName, identity: 'x', onStartedLeading() {}, onStoppedLeading() {} };
    expect(() => createLeaderElector({ ...base, ...timings, renewDeadlineMs: 2000 })).to.throw(RangeError, /leaseDurationMs/);
    expect(() => createLeaderElector({ ...base, ...timings, retryPeriodMs: 1500 })).to.throw(RangeError, /renewDeadlineMs/);
  });
});
