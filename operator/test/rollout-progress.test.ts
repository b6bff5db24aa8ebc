// The roll-out's state machine, pure: canaries then waves, the halt past maxFailures and the resume after a fix,
// a restart resuming from the status alone, the plan's bounds, and how kstatus reads each phase.
import { expect } from 'chai';
import { findCondition, type MigrationRollout, type MigrationRolloutSpec, type Tenant } from '@tenantry/runtime';
import type { MigrationSet } from '../src/postgres/migration-catalog.js';
import type { ReportedFailure } from '../src/reconcile/rollout-gate.js';
import { computeRolloutStatus, resolveWaveSize, type RolloutInputs } from '../src/reconcile/rollout-progress.js';
import { kstatusOf } from './support/kstatus-rules.js';

const set: MigrationSet = { dir: '/m', names: ['0001_a', '0002_b'], latest: '0002_b' };
const now = new Date('2026-12-02T00:00:00Z');

function tenant(name: string, latest: string, options: { canary?: boolean; stalled?: boolean; suspended?: boolean } = {}): Tenant {
  return {
    apiVersion: 'tenantry.dev/v1alpha1', kind: 'Tenant',
    metadata: { name, generation: 1, labels: options.canary ? { ring: 'canary' } : {} },
    spec: { displayName: name, ...(options.suspended ? { suspended: true } : {}) },
    status: {
      phase: options.stalled ? 'Failed' : 'Ready', observedGeneration: 1, provisionedAt: '2026-12-01T00:00:00Z',
      migrations: { applied: set.names.indexOf(latest) + 1, latest },
      conditions: options.stalled ? [{ type: 'Stalled', status: 'True', reason: 'MigrationFailed', message: 'boom', lastTransitionTime: now.toISOString() }] : [],
    },
  };
}

function rollout(spec: MigrationRolloutSpec, status?: MigrationRollout['status']): MigrationRollout {
  return { apiVersion: 'tenantry.dev/v1alpha1', kind: 'MigrationRollout', metadata: { name: 'default', generation: 1 }, spec, ...(status ? { status } : {}) };
}

const none = { failed: new Map<string, ReportedFailure>(), succeeded: new Set<string>() };
const step = (inputs: Partial<RolloutInputs> & Pick<RolloutInputs, 'rollout' | 'tenants'>) =>
  computeRolloutStatus({ set, digest: 'd1', outcomes: none, migrating: 0, now, ...inputs });
const fleet = (behind: number, done = 0) => [
  ...Array.from({ length: behind }, (_, i) => tenant(`t${String(i).padStart(2, '0')}`, '0001_a')),
  ...Array.from({ length: done }, (_, i) => tenant(`u${i}`, '0002_b')),
];
const spec: MigrationRolloutSpec = { canary: { selector: { matchLabels: { ring: 'canary' } } }, waveSize: 2, maxFailures: 0 };

describe('migration roll-out progress', () => {
  it('starts with the canaries alone, opens the waves once they have the set, and completes', () => {
    const tenants = [tenant('c1', '0001_a', { canary: true }), ...fleet(4)];
    const first = step({ rollout: rollout(spec), tenants });
    expect(first).to.include({ phase: 'Canary', wave: 0 });
    expect(first.admittedThrough).to.equal(undefined);

    const canaryDone = [tenant('c1', '0002_b', { canary: true }), ...fleet(4)];
    const second = step({ rollout: rollout(spec, first), tenants: canaryDone });
    expect(second).to.include({ phase: 'Waves', wave: 1, admittedThrough: 't01', waves: 2 });

    // Half a wave done is no new wave
    const half = [tenant('c1', '0002_b', { canary: true }), tenant('t00', '0002_b'), ...fleet(4).slice(1)];
    expect(step({ rollout: rollout(spec, second), tenants: half })).to.include({ wave: 1, admittedThrough: 't01' });

    const all = [tenant('c1', '0002_b', { canary: true }), ...fleet(0, 5)];
    const last = step({ rollout: rollout(spec, second), tenants: all });
    expect(last).to.include({ phase: 'Complete', completedAt: now.toISOString() });
    expect(findCondition({ status: last }, 'Ready')).to.include({ status: 'True', reason: 'RolloutComplete' });
  });

  it('halts past maxFailures on the set as it is, and resumes when the set changes (a fixed file) without forgetting the wave', () => {
    const tenants = [tenant('c1', '0001_a', { canary: true }), ...fleet(4)];
    const failed = new Map([['c1', { digest: 'd1', message: 'column does not exist' }]]);
    const halted = step({ rollout: rollout(spec, step({ rollout: rollout(spec), tenants })), tenants, outcomes: { failed, succeeded: new Set() } });
    expect(halted).to.include({ phase: 'Halted', wave: 0 });
    expect(halted.failures).to.deep.equal([{ tenant: 'c1', digest: 'd1', message: 'column does not exist' }]);
    expect(halted.message).to.match(/halted: 1 tenant failed, more than maxFailures 0 \(c1: column does not exist\)/);
    expect(findCondition({ status: halted }, 'Stalled')).to.include({ status: 'True', reason: 'FailureThresholdExceeded' });

    // The same set again: still halted. A fixed file (another digest): the canary wave runs again.
    expect(step({ rollout: rollout(spec, halted), tenants }).phase).to.equal('Halted');
    const resumed = step({ rollout: rollout(spec, halted), tenants, digest: 'd2' });
    expect(resumed).to.include({ phase: 'Canary', wave: 0 });
    expect(resumed.tenants).to.include({ failed: 0, pending: 5 });
    // A tenant that then migrates is no failure any more
    const fixed = [tenant('c1', '0002_b', { canary: true }), ...fleet(4)];
    const after = step({ rollout: rollout(spec, resumed), tenants: fixed, digest: 'd2', outcomes: { failed: new Map(), succeeded: new Set(['c1']) } });
    expect(after).to.include({ phase: 'Waves', wave: 1 });
    expect(after.failures).to.equal(undefined);
  });

  it('tolerates maxFailures, and counts a Stalled tenant the record lacks (an operator that died before writing it)', () => {
    const tenants = [tenant('c1', '0001_a', { canary: true, stalled: true }), ...fleet(2)];
    expect(step({ rollout: rollout(spec), tenants }).phase).to.equal('Halted');
    const tolerant = step({ rollout: rollout({ ...spec, maxFailures: 1 }), tenants });
    expect(tolerant).to.include({ phase: 'Waves', wave: 1 });
    expect(tolerant.tenants).to.include({ failed: 1, pending: 2 });
  });

  it('resumes after a restart from the status alone, and a new latest migration starts a new roll-out', () => {
    const tenants = fleet(6);
    const opened = step({ rollout: rollout({ waveSize: 2 }), tenants });
    expect(opened).to.include({ phase: 'Waves', wave: 1, admittedThrough: 't01' });
    // Another process computing from the same stored status and fleet agrees
    expect(step({ rollout: rollout({ waveSize: 2 }, opened), tenants, now: new Date(now.getTime() + 1000) })).to.include({ wave: 1, admittedThrough: 't01' });
    const next: MigrationSet = { dir: '/m', names: [...set.names, '0003_c'], latest: '0003_c' };
    const fresh = computeRolloutStatus({ rollout: rollout({ waveSize: 2 }, opened), tenants, set: next, digest: 'd3', outcomes: none, migrating: 0, now });
    expect(fresh.target).to.deep.equal({ latest: '0003_c', migrations: 3, digest: 'd3' });
    expect(fresh).to.include({ wave: 1, admittedThrough: 't01' });
    expect(fresh.plan?.migrations).to.deep.equal([{ from: '0001_a', apply: ['0002_b', '0003_c'], tenants: 6, examples: tenants.map((t) => t.metadata.name) }]);
  });

  it('holds everything while paused but shows the plan, bounded whatever the fleet', () => {
    const tenants = [tenant('c1', '0001_a', { canary: true }), ...fleet(1200, 30)];
    const paused = step({ rollout: rollout({ ...spec, waveSize: '10%', paused: true }), tenants });
    expect(paused).to.include({ phase: 'Paused', wave: 0, waveSize: 123 });
    expect(paused.plan?.behind).to.equal(1201);
    expect(paused.plan?.waves?.map((wave) => wave.tenants)).to.deep.equal([1, 123, 123, 123, 123, 123, 123, 123, 123, 123, 93]);
    expect(paused.plan?.waves?.every((wave) => (wave.names?.length ?? 0) <= 20)).to.equal(true);
    expect(paused.plan?.migrations?.[0]?.examples).to.have.length(10);
    expect(findCondition({ status: paused }, 'Ready')).to.include({ status: 'True', reason: 'Paused' });
    expect(JSON.stringify(paused).length, 'a status of bounded size').to.be.below(8_000);
  });

  it('covers provisioned tenants only: not suspended ones, not new ones still provisioning', () => {
    const newcomer: Tenant = { ...tenant('new', '0001_a'), status: { phase: 'Provisioning' } };
    const status = step({ rollout: rollout({}), tenants: [tenant('a', '0001_a'), tenant('s', '0001_a', { suspended: true }), newcomer] });
    expect(status.tenants).to.include({ total: 1, pending: 1 });
  });

  it('reads to kstatus as in progress while rolling, Failed when halted, Current when paused or complete', () => {
    const as = (status: MigrationRollout['status']) => kstatusOf({ ...rollout({}, status), kind: 'Tenant' } as unknown as Tenant);
    const tenants = [tenant('c1', '0001_a', { canary: true }), ...fleet(2)];
    expect(as(step({ rollout: rollout(spec), tenants }))).to.equal('InProgress');
    expect(as(step({ rollout: rollout(spec), tenants: [tenant('c1', '0001_a', { canary: true, stalled: true })] }))).to.equal('Failed');
    expect(as(step({ rollout: rollout({ ...spec, paused: true }), tenants }))).to.equal('Current');
    expect(as(step({ rollout: rollout(spec), tenants: fleet(0, 3) }))).to.equal('Current');
  });

  it('resolves a wave size from a count or a percentage, rounding up, at least one', () => {
    expect(resolveWaveSize(undefined, 40)).to.equal(40);
    expect(resolveWaveSize(undefined, 0)).to.equal(1);
    expect(resolveWaveSize(5, 40)).to.equal(5);
    expect(resolveWaveSize('10%', 990)).to.equal(99);
    expect(resolveWaveSize('10%', 991)).to.equal(100);
    expect(resolveWaveSize('1%', 3)).to.equal(1);
  });
});
