// A Ready tenant a roll-out has not reached, in memory: it keeps serving on the migrations it has, says so in
// MigrationsApplied (RolloutPending, not a failure), reads as Current to kstatus, and costs one status write.
import { expect } from 'chai';
import { findCondition, type MigrationRollout } from '@tenantry/runtime';
import { createRolloutGate } from '../src/reconcile/rollout-gate.js';
import { kstatusOf } from './support/kstatus-rules.js';
import { migrationNames, reconcilerWorld } from './support/reconciler-world.js';

const next = [...migrationNames, '0003_priority'];

function policyAt(admittedThrough: string | undefined): MigrationRollout {
  return {
    apiVersion: 'tenantry.dev/v1alpha1', kind: 'MigrationRollout', metadata: { name: 'default' }, spec: { maxConcurrent: 1 },
    status: { phase: 'Waves', wave: 1, ...(admittedThrough ? { admittedThrough } : {}), target: { latest: '0003_priority', migrations: 3, digest: 'd' } },
  };
}

describe('a tenant held back by a migration roll-out (in memory)', () => {
  it('stays Ready with MigrationsApplied=False RolloutPending, runs no SQL, and is not rewritten on the next pass', async () => {
    let policy = policyAt('a');
    const gate = createRolloutGate({ policy: () => policy, defaultConcurrency: 8, wake: () => undefined, changed: () => undefined });
    const world = reconcilerWorld({ rollout: gate });
    world.tenants.create('zeta', { displayName: 'Zeta' });
    await world.reconcile('zeta');
    const [writes, calls] = [world.tenants.writes.length, world.storage().calls.length];
    // when a migration beyond its wave lands
    world.catalog.set(next);
    await world.reconcile('zeta');
    const held = world.tenants.get('zeta');
    expect(held.status).to.include({ phase: 'Ready' });
    expect(held.status?.migrations).to.deep.equal({ applied: 2, latest: migrationNames.at(-1) });
    expect(findCondition(held, 'Ready')?.status).to.equal('True');
    expect(findCondition(held, 'MigrationsApplied')).to.include({ status: 'False', reason: 'RolloutPending' });
    expect(findCondition(held, 'Reconciling')).to.equal(undefined);
    expect(kstatusOf(held)).to.equal('Current');
    expect(world.storage().calls.slice(calls), 'no SQL for a held tenant').to.deep.equal([]);
    expect(world.tenants.writes.slice(writes)).to.deep.equal(['PUT tenants/status']);
    await world.reconcile('zeta');
    expect(world.tenants.writes.slice(writes), 'a second pass writes nothing').to.deep.equal(['PUT tenants/status']);

    // when its wave opens, it migrates and is up to date
    policy = policyAt('zz');
    await world.reconcile('zeta');
    expect(findCondition(world.tenants.get('zeta'), 'MigrationsApplied')).to.include({ status: 'True', reason: 'UpToDate' });
    expect(world.tenants.get('zeta').status?.migrations).to.deep.equal({ applied: 3, latest: '0003_priority' });
    expect(gate.migrating(), 'its slot is handed back').to.equal(0);
    expect([...gate.takeOutcomes().succeeded]).to.deep.equal(['zeta']);
  });

  it('never holds a new tenant: it takes the whole set as it is created', async () => {
    const gate = createRolloutGate({ policy: () => policyAt(undefined), defaultConcurrency: 8, wake: () => undefined, changed: () => undefined });
    const world = reconcilerWorld({ rollout: gate });
    world.catalog.set(next);
    world.tenants.create('fresh', { displayName: 'Fresh' });
    await world.reconcile('fresh');
    expect(findCondition(world.tenants.get('fresh'), 'MigrationsApplied')).to.include({ status: 'True', reason: 'UpToDate' });
    expect(world.tenants.get('fresh').status?.migrations?.latest).to.equal('0003_priority');
  });
});
