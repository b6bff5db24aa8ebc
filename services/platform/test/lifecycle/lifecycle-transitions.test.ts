// Which transitions one observation of a Tenant stands for, and the keys that make each happen once.
import { expect } from 'chai';
import type { Tenant } from '@tenantry/runtime';
import { transitionsOf } from '../../src/lifecycle/lifecycle-transitions.js';

const condition = (type: string, status: 'True' | 'False', generation = 1) =>
  ({ type, status, observedGeneration: generation, lastTransitionTime: '2026-12-01T00:00:00Z', reason: 'Test', message: '' });

function tenant({ generation = 1, observed = 1, ready = false, stalled = false, suspended = false, phase, latest }: {
  generation?: number; observed?: number; ready?: boolean; stalled?: boolean; suspended?: boolean; phase?: NonNullable<Tenant['status']>['phase']; latest?: string;
} = {}): Tenant {
  return {
    apiVersion: 'tenantry.dev/v1alpha1', kind: 'Tenant',
    metadata: { name: 'acme', uid: 'uid-1', generation },
    spec: { displayName: 'Acme', suspended },
    status: {
      observedGeneration: observed,
      ...(phase === undefined ? {} : { phase }),
      conditions: [condition('Ready', ready ? 'True' : 'False', observed), condition('Stalled', stalled ? 'True' : 'False', observed)],
      ...(latest === undefined ? {} : { migrations: { applied: 3, latest } }),
    },
  };
}

const types = (observed: Tenant, event: 'add' | 'update' | 'delete' = 'update') => transitionsOf(observed, event).map((t) => t.type);

describe('lifecycle transitions', () => {
  it('sees a new tenant as created, and nothing more while it is provisioning', () => {
    expect(transitionsOf(tenant({ phase: 'Provisioning' }), 'add').map((t) => [t.type, t.key])).to.deep.equal([['tenant.created', 'uid-1/created']]);
  });

  it('takes Ready for ready only at the observed generation', () => {
    expect(types(tenant({ generation: 2, observed: 1, ready: true, phase: 'Ready' }))).to.deep.equal(['tenant.created']);
    expect(types(tenant({ ready: true, phase: 'Ready', latest: '003_x' }))).to.deep.equal(['tenant.created', 'tenant.ready', 'tenant.resumed', 'tenant.migrated']);
  });

  it('keys ready once per tenant, and resumed and migrated by what tells repeats apart, under their preconditions', () => {
    const [, ready, resumed, migrated] = transitionsOf(tenant({ generation: 4, observed: 4, ready: true, phase: 'Ready', latest: '003_x' }), 'update');
    expect(ready).to.include({ key: 'uid-1/ready' });
    expect(ready?.requires).to.equal(undefined);
    expect(resumed).to.include({ key: 'uid-1/resumed/4', requires: 'after-suspension' });
    expect(migrated).to.include({ key: 'uid-1/migrated/3/003_x', requires: 'migration-changed' });
    expect(migrated?.data).to.include({ migration: '003_x', migrationsApplied: 3, generation: 4 });
  });

  it('sees a suspension once the operator reports it at that generation, and never as ready', () => {
    expect(types(tenant({ generation: 3, observed: 2, suspended: true, ready: true, phase: 'Ready' }))).to.deep.equal(['tenant.created']);
    const suspended = transitionsOf(tenant({ generation: 3, observed: 3, suspended: true, ready: true, phase: 'Suspended' }), 'update');
    expect(suspended.map((t) => [t.type, t.key])).to.deep.equal([['tenant.created', 'uid-1/created'], ['tenant.suspended', 'uid-1/suspended/3']]);
  });

  it('sees Stalled per generation, and a deletion once per tenant', () => {
    expect(transitionsOf(tenant({ generation: 2, observed: 2, stalled: true, phase: 'Failed' }), 'update').at(-1)).to.include({ type: 'tenant.stalled', key: 'uid-1/stalled/2' });
    expect(transitionsOf(tenant({ ready: true, phase: 'Ready' }), 'delete').map((t) => [t.type, t.key])).to.deep.equal([['tenant.deleted', 'uid-1/deleted']]);
  });

  it('is not ready while being deleted', () => {
    const deleting = tenant({ ready: true, phase: 'Ready' });
    deleting.metadata.deletionTimestamp = '2026-12-01T00:00:00Z';
    expect(types(deleting)).to.deep.equal(['tenant.created']);
  });
});
