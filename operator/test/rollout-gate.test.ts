// The gate a provisioned tenant's migrations step asks: its wave, the pause and the halt, the slots of
// maxConcurrent (a tenant that found none is woken when one frees), and the outcomes it hands the roll-out.
import { expect } from 'chai';
import type { MigrationRollout, MigrationRolloutSpec, MigrationRolloutStatus, Tenant } from '@tenantry/runtime';
import type { MigrationSet } from '../src/postgres/migration-catalog.js';
import { selects } from '../src/reconcile/label-selector.js';
import { createRolloutGate, heldMessage, type Admission } from '../src/reconcile/rollout-gate.js';

const set: MigrationSet = { dir: '/m', names: ['0001_a', '0002_b'], latest: '0002_b' };
const target = { latest: '0002_b', migrations: 2, digest: 'd1' };
const tenant = (name: string, labels: Record<string, string> = {}): Tenant =>
  ({ apiVersion: 'tenantry.dev/v1alpha1', kind: 'Tenant', metadata: { name, labels }, spec: { displayName: name } });

/** A gate over a fixed policy (none when `spec` is undefined), recording whom it wakes and how often it asks for a look. */
function world(spec: MigrationRolloutSpec | undefined, status?: MigrationRolloutStatus) {
  const policy: MigrationRollout | undefined = spec && { apiVersion: 'tenantry.dev/v1alpha1', kind: 'MigrationRollout', metadata: { name: 'default' }, spec, ...(status ? { status } : {}) };
  const woken: string[] = [];
  let changes = 0;
  const gate = createRolloutGate({ policy: () => policy, defaultConcurrency: 3, wake: (name) => woken.push(name), changed: () => changes++ });
  return { gate, woken, changes: () => changes };
}

const admitted = (admission: Admission) => admission.admitted;

describe('migration roll-out gate', () => {
  it('admits every tenant without a policy, with no slot to count', () => {
    const { gate } = world(undefined);
    expect(['a', 'b', 'c', 'd', 'e'].map((name) => admitted(gate.admit(tenant(name), set)))).to.deep.equal([true, true, true, true, true]);
    expect(gate.migrating()).to.equal(0);
  });

  it('holds a tenant until the roll-out of this very set reaches it, with one message whatever the reason', () => {
    const canary = { canary: { selector: { matchLabels: { ring: 'canary' } } } };
    const stale = world(canary, { phase: 'Waves', wave: 3, admittedThrough: 'z', target: { ...target, latest: '0001_a', migrations: 1 } });
    expect(stale.gate.admit(tenant('a'), set)).to.deep.equal({ admitted: false, message: heldMessage('0002_b') });
    expect(stale.changes(), 'a roll-out behind the set on disk is asked to look').to.equal(1);

    const canaries = world(canary, { phase: 'Canary', wave: 0, target });
    expect(admitted(canaries.gate.admit(tenant('c', { ring: 'canary' }), set))).to.equal(true);
    expect(admitted(canaries.gate.admit(tenant('a'), set))).to.equal(false);

    const waves = world(canary, { phase: 'Waves', wave: 1, admittedThrough: 'm', target });
    expect(['b', 'm', 'n'].map((name) => admitted(waves.gate.admit(tenant(name), set)))).to.deep.equal([true, true, false]);
  });

  it('lets a failed tenant retry while halted, nobody while paused', () => {
    const failures = [{ tenant: 'f', digest: 'd1', message: 'boom' }];
    const halted = world({}, { phase: 'Halted', wave: 1, admittedThrough: 'z', target, failures });
    expect(admitted(halted.gate.admit(tenant('a'), set))).to.equal(false);
    expect(admitted(halted.gate.admit(tenant('f'), set))).to.equal(true);
    const paused = world({ paused: true }, { phase: 'Paused', wave: 1, admittedThrough: 'z', target, failures });
    expect(admitted(paused.gate.admit(tenant('f'), set))).to.equal(false);
  });

  it('never has more than maxConcurrent tenants migrating, and wakes a waiting tenant when a slot frees', () => {
    const w = world({ maxConcurrent: 2 }, { phase: 'Complete', wave: 1, target });
    const first = w.gate.admit(tenant('a'), set);
    const second = w.gate.admit(tenant('b'), set);
    expect([first, second].map(admitted)).to.deep.equal([true, true]);
    expect(admitted(w.gate.admit(tenant('c'), set))).to.equal(false);
    expect(admitted(w.gate.admit(tenant('d'), set))).to.equal(false);
    expect(w.gate.migrating()).to.equal(2);
    if (first.admitted) first.done('migrated');
    if (first.admitted) first.done('migrated'); // handing a slot back twice frees it once
    expect(w.woken).to.deep.equal(['c']);
    expect(w.gate.migrating()).to.equal(1);
    const third = w.gate.admit(tenant('c'), set);
    expect(admitted(third)).to.equal(true);
    expect(admitted(w.gate.admit(tenant('e'), set))).to.equal(false);
    if (second.admitted) second.done({ failed: 'column does not exist' });
    if (third.admitted) third.done('interrupted');
    expect(w.woken).to.deep.equal(['c', 'd', 'e']);
    const outcomes = w.gate.takeOutcomes();
    expect([...outcomes.failed]).to.deep.equal([['b', { digest: 'd1', message: 'column does not exist' }]]);
    expect([...outcomes.succeeded]).to.deep.equal(['a']);
    expect(w.gate.takeOutcomes().failed.size, 'outcomes are handed over once').to.equal(0);
  });

  it('uses the operator concurrency when the policy names no maxConcurrent', () => {
    const w = world({}, { phase: 'Complete', target });
    expect(['a', 'b', 'c', 'd'].map((name) => admitted(w.gate.admit(tenant(name), set)))).to.deep.equal([true, true, true, false]);
  });
});

describe('label selector', () => {
  it('needs every label and every expression, and selects nothing when empty', () => {
    const labels = { ring: 'canary', region: 'eu' };
    expect(selects({ matchLabels: { ring: 'canary' } }, labels)).to.equal(true);
    expect(selects({ matchLabels: { ring: 'canary', region: 'us' } }, labels)).to.equal(false);
    expect(selects({ matchExpressions: [{ key: 'region', operator: 'In', values: ['eu', 'uk'] }] }, labels)).to.equal(true);
    expect(selects({ matchExpressions: [{ key: 'region', operator: 'NotIn', values: ['eu'] }] }, labels)).to.equal(false);
    expect(selects({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['x'] }] }, labels)).to.equal(true);
    expect(selects({ matchExpressions: [{ key: 'ring', operator: 'Exists' }, { key: 'beta', operator: 'DoesNotExist' }] }, labels)).to.equal(true);
    expect(selects({}, labels)).to.equal(false);
    expect(selects(undefined, labels)).to.equal(false);
  });
});
