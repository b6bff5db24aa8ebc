// The one module that writes conditions: kstatus's abnormal-true rules, and metav1.Condition transition times.
import { expect } from 'chai';
import { desiredConditions, mergeConditions } from '../src/reconcile/conditions.js';

const types = (list: ReadonlyArray<{ type: string; status: string }>) => list.map(({ type, status }) => `${type}=${status}`);

describe('tenant conditions', () => {
  it('says Ready=True alone when the spec is carried out, and for a carried-out suspension with reason Suspended', () => {
    expect(types(desiredConditions({ progress: { state: 'ready', message: 'ok' }, databaseReady: undefined, migrations: undefined }))).to.deep.equal(['Ready=True']);
    const suspended = desiredConditions({ progress: { state: 'suspended', message: 'zzz' }, databaseReady: undefined, migrations: undefined });
    expect(suspended).to.deep.equal([{ type: 'Ready', status: 'True', reason: 'Suspended', message: 'zzz' }]);
  });

  it('adds Reconciling=True beside Ready=False while working or deleting, and Stalled=True when stuck', () => {
    for (const state of ['working', 'deleting'] as const) {
      expect(types(desiredConditions({ progress: { state, reason: 'R', message: 'm' }, databaseReady: undefined, migrations: undefined })))
        .to.deep.equal(['Ready=False', 'Reconciling=True']);
    }
    expect(types(desiredConditions({ progress: { state: 'stalled', reason: 'R', message: 'm' }, databaseReady: undefined, migrations: undefined })))
      .to.deep.equal(['Ready=False', 'Stalled=True']);
  });

  it('reports the two halves of provisioning as DatabaseReady and MigrationsApplied', () => {
    const conditions = desiredConditions({
      progress: { state: 'ready', message: 'ok' },
      databaseReady: { ok: true, reason: 'StorageReady', message: 'db' },
      migrations: { ok: false, reason: 'Pending', message: 'later' },
    });
    expect(types(conditions)).to.deep.equal(['Ready=True', 'DatabaseReady=True', 'MigrationsApplied=False']);
  });

  it('moves lastTransitionTime only when a status changes, stamps the generation, and drops conditions no longer desired', () => {
    const before = new Date('2026-01-01T00:00:00Z');
    const after = new Date('2026-01-02T00:00:00Z');
    const working = mergeConditions(undefined, desiredConditions({ progress: { state: 'working', reason: 'R', message: 'm' }, databaseReady: undefined, migrations: undefined }), 1, before);
    const ready = mergeConditions(working, [{ type: 'Ready', status: 'True', reason: 'Provisioned', message: 'ok' }], 2, after);
    expect(ready).to.deep.equal([{ type: 'Ready', status: 'True', reason: 'Provisioned', message: 'ok', observedGeneration: 2, lastTransitionTime: after.toISOString() }]);
    const again = mergeConditions(ready, [{ type: 'Ready', status: 'True', reason: 'Provisioned', message: 'still ok' }], 3, new Date('2026-01-03T00:00:00Z'));
    expect(again[0]).to.include({ lastTransitionTime: after.toISOString(), observedGeneration: 3, message: 'still ok' });
  });
});
