// Status computed from what a pass observed and how it ended: phases, conditions, kstatus, and what is kept.
import { expect } from 'chai';
import { findCondition, type Tenant } from '@tenantry/runtime';
import { placementOn } from '../src/reconcile/placement-record.js';
import { computeStatus, deletingStatus, type PassEnd } from '../src/reconcile/tenant-status.js';
import { noObservations, type Observations } from '../src/reconcile/tenant-pass.js';
import { kstatusOf } from './support/kstatus-rules.js';
import { databaseServer } from './support/in-memory-servers.js';

const now = new Date('2026-12-01T00:00:00Z');
const catalog = { dir: '/m', names: ['0001_a', '0002_b'], latest: '0002_b' };

function tenant(spec: Partial<Tenant['spec']> = {}, status: Tenant['status'] = { observedGeneration: -1 }): Tenant {
  return { apiVersion: 'tenantry.dev/v1alpha1', kind: 'Tenant', metadata: { name: 'acme', generation: 3 }, spec: { displayName: 'Acme', ...spec }, status };
}

function statusAfter(subject: Tenant, end: PassEnd, observed: Partial<Observations> = {}) {
  const placed = placementOn(subject, 'alpha', databaseServer('alpha'));
  const status = computeStatus(subject, { placed, observed: { ...noObservations(), ...observed }, end }, catalog, now);
  return { ...subject, status } satisfies Tenant;
}

const done: PassEnd = { state: 'done' };
const migrated = { storageReady: true, migrations: { applied: 2, latest: '0002_b', ran: ['0001_a', '0002_b'] } };

describe('tenant status', () => {
  it('is Ready for the observed generation once storage and migrations are done, with the placement and first-Ready time', () => {
    const ready = statusAfter(tenant(), done, migrated);
    expect(ready.status).to.include({ phase: 'Ready', observedGeneration: 3, provisionedAt: now.toISOString() });
    expect(ready.status?.database).to.include({ server: 'alpha', host: 'alpha.db', name: 'tenantry_pool' });
    expect(findCondition(ready, 'MigrationsApplied')).to.include({ status: 'True', reason: 'UpToDate' });
    expect(kstatusOf(ready)).to.equal('Current');
  });

  it('keeps the first Ready time on later passes', () => {
    const later = statusAfter(tenant({}, { provisionedAt: '2026-01-01T00:00:00.000Z' }), done, migrated);
    expect(later.status?.provisionedAt).to.equal('2026-01-01T00:00:00.000Z');
  });

  it('reads a transient failure as Reconciling (in progress), Migrating when the migrations step failed', () => {
    const failure = { transient: true, reason: 'DatabaseUnreachable', message: 'cannot reach alpha' };
    const atStorage = statusAfter(tenant(), { state: 'failed', step: 'role', failure });
    expect(atStorage.status?.phase).to.equal('Provisioning');
    expect(findCondition(atStorage, 'Reconciling')).to.include({ status: 'True', message: 'cannot reach alpha; retrying' });
    expect(findCondition(atStorage, 'DatabaseReady')).to.include({ status: 'False', reason: 'DatabaseUnreachable' });
    expect(kstatusOf(atStorage)).to.equal('InProgress');
    expect(statusAfter(tenant(), { state: 'failed', step: 'migrations', failure }, { storageReady: true }).status?.phase).to.equal('Migrating');
  });

  it('reads a failure that needs a human as Stalled (Failed), phase Failed, no first-Ready time', () => {
    const failure = { transient: false, reason: 'MigrationFailed', message: 'syntax error' };
    const stalled = statusAfter(tenant(), { state: 'failed', step: 'migrations', failure }, { storageReady: true });
    expect(stalled.status).to.include({ phase: 'Failed' }).and.not.have.property('provisionedAt');
    expect(findCondition(stalled, 'MigrationsApplied')).to.include({ status: 'False', reason: 'MigrationFailed', message: 'syntax error' });
    expect(findCondition(stalled, 'DatabaseReady')?.status).to.equal('True');
    expect(kstatusOf(stalled)).to.equal('Failed');
  });

  it('reads a wait for something that is not there yet as in progress, never stalled', () => {
    const waiting = statusAfter(tenant(), { state: 'waiting', step: 'placement', reason: 'DatabaseServerNotFound', message: 'waiting for gamma' });
    expect(findCondition(waiting, 'Reconciling')).to.include({ status: 'True', reason: 'DatabaseServerNotFound' });
    expect(kstatusOf(waiting)).to.equal('InProgress');
  });

  it('reads a carried-out suspension as Current but not serving: phase Suspended, migrations not checked', () => {
    const suspended = statusAfter(tenant({ suspended: true }, { migrations: { applied: 2, latest: '0002_b' } }), done, { storageReady: true, suspended: true });
    expect(suspended.status?.phase).to.equal('Suspended');
    expect(findCondition(suspended, 'Ready')).to.include({ status: 'True', reason: 'Suspended' });
    expect(findCondition(suspended, 'MigrationsApplied')).to.include({ status: 'True', reason: 'NotChecked' });
    expect(kstatusOf(suspended)).to.equal('Current');
  });

  it('says Deleting with Ready=False and Reconciling=True while storage is released, and why when it cannot be', () => {
    const ready = statusAfter(tenant(), done, migrated);
    const deleting = { ...ready, status: deletingStatus(ready, now) };
    expect(deleting.status.phase).to.equal('Deleting');
    expect(findCondition(deleting, 'Ready')?.status).to.equal('False');
    expect(findCondition(deleting, 'Reconciling')?.status).to.equal('True');
    expect(findCondition(deleting, 'DatabaseReady')?.status, 'what was true of storage stays said').to.equal('True');
    const blocked = deletingStatus(ready, now, 'connection refused');
    expect(blocked.conditions?.find((condition) => condition.type === 'Reconciling')).to.include({ reason: 'DeletionBlocked' });
  });
});
