// The Tenant reconciler against in-memory Kubernetes and PostgreSQL: which writes a tenant costs, how kstatus
// reads every status it writes, and the transient-vs-stalled split, without a cluster.
import { expect } from 'chai';
import { conditionIsTrue, findCondition } from '@tenantry/runtime';
import { kstatusOf } from './support/kstatus-rules.js';
import { verifies } from './support/in-memory-servers.js';
import { migrationNames, reconcilerWorld } from './support/reconciler-world.js';

const storageOf = (name: string) => `tenant_${name.replaceAll('-', '_')}`;

describe('tenant reconciler (in memory)', () => {
  it('provisions a new pool tenant with three API writes: finalizer and placement, the Secret, one status', async () => {
    // given a new pool tenant
    const world = reconcilerWorld();
    world.tenants.create('acme', { displayName: 'Acme', tier: 'pool' });
    // when one pass runs
    await world.reconcile('acme');
    // then it is Ready after exactly these writes, and no Event
    expect(world.tenants.writes).to.deep.equal(['PATCH tenants', 'POST secrets', 'PUT tenants/status']);
    const tenant = world.tenants.get('acme');
    expect(tenant.metadata.finalizers).to.deep.equal(['tenantry.dev/storage']);
    expect(tenant.metadata.annotations).to.deep.equal({ 'tenantry.dev/database-server': 'alpha', 'tenantry.dev/database': 'tenantry_pool' });
    expect(tenant.status).to.include({ phase: 'Ready', observedGeneration: 1 });
    expect(tenant.status?.database).to.include({ server: 'alpha', name: 'tenantry_pool', schema: storageOf('acme'), role: storageOf('acme'), secretName: 'tenant-acme-db' });
    expect(tenant.status?.migrations).to.deep.equal({ applied: 2, latest: migrationNames.at(-1) });
    // and the role logs in with the Secret's password, into storage with every migration
    const role = world.storage().roles.get(storageOf('acme'));
    expect(role?.login).to.equal(true);
    expect(await verifies(role?.verifier, world.secrets.stored.get('tenant-acme-db')?.password), 'the verifier is the Secret password\'s').to.equal(true);
    expect(world.storage().applied.get(`tenantry_pool/${storageOf('acme')}`)).to.deep.equal(migrationNames);
  });

  it('writes nothing and asks nothing of PostgreSQL for a tenant that is steady', async () => {
    const world = reconcilerWorld();
    world.tenants.create('acme', { displayName: 'Acme' });
    await world.reconcile('acme');
    const writes = world.tenants.writes.length;
    const calls = world.storage().calls.length;
    // when a resync passes over it again
    await world.reconcile('acme');
    expect(world.tenants.writes.length).to.equal(writes);
    expect(world.storage().calls.length).to.equal(calls);
  });

  it('reads as in progress to kstatus until Ready, and Current once Ready', async () => {
    const world = reconcilerWorld();
    world.tenants.create('acme', { displayName: 'Acme', tier: 'silo' });
    await world.reconcile('acme');
    const verdicts = world.tenants.history('acme').map(kstatusOf);
    expect(verdicts.slice(0, -1)).to.satisfy((list: string[]) => list.every((verdict) => verdict === 'InProgress'), verdicts.join(', '));
    expect(verdicts.at(-1)).to.equal('Current');
  });

  it('copies a silo tenant from the current template and runs no migration into the copy', async () => {
    const world = reconcilerWorld();
    world.tenants.create('solo', { displayName: 'Solo', tier: 'silo' });
    await world.reconcile('solo');
    expect(world.storage().calls).to.include('prepareTemplate').and.include(`ensureStorage ${storageOf('solo')}/${storageOf('solo')}`);
    expect(world.storage().calls.filter((call) => call.startsWith('migrate'))).to.deep.equal([]);
    expect(world.tenants.get('solo').status?.migrations).to.deep.equal({ applied: 2, latest: migrationNames.at(-1) });
  });

  it('reads a lost server as transient: Reconciling with DatabaseUnreachable, retried, Ready once it is back', async () => {
    // given a server that refuses connections
    const world = reconcilerWorld();
    world.storage().down = true;
    world.tenants.create('acme', { displayName: 'Acme' });
    // when a pass runs, it fails for the queue to retry
    const failure = await world.reconcile('acme').then(() => undefined, (error: unknown) => error);
    expect(failure).to.be.an('error');
    // then the status says it is working on it, never that it is stuck
    const retrying = world.tenants.get('acme');
    expect(retrying.status?.phase).to.equal('Provisioning');
    expect(findCondition(retrying, 'Reconciling')).to.include({ status: 'True', reason: 'DatabaseUnreachable' });
    expect(conditionIsTrue(retrying, 'Stalled')).to.equal(false);
    expect(kstatusOf(retrying)).to.equal('InProgress');
    expect(world.events.recorded.map((event) => `${event.type} ${event.reason}`)).to.deep.equal(['Warning DatabaseUnreachable']);
    // and once the server is back, the next passes finish
    world.storage().down = false;
    world.servers.setHealth('alpha', true);
    expect((await world.settle('acme')).status?.phase).to.equal('Ready');
  });

  it('stalls on a failing migration with the SQL error (Failed for kstatus), and recovers once it is fixed', async () => {
    const world = reconcilerWorld();
    world.storage().broken = '0003_broken';
    world.catalog.set([...migrationNames, '0003_broken']);
    world.tenants.create('acme', { displayName: 'Acme' });
    await world.reconcile('acme').catch(() => undefined);
    const stalled = world.tenants.get('acme');
    expect(stalled.status?.phase).to.equal('Failed');
    expect(findCondition(stalled, 'Stalled')).to.include({ status: 'True', reason: 'MigrationFailed' });
    expect(findCondition(stalled, 'MigrationsApplied')?.message).to.match(/no_such_table.*42P01/);
    expect(findCondition(stalled, 'DatabaseReady')?.status, 'storage itself is there').to.equal('True');
    expect(kstatusOf(stalled)).to.equal('Failed');
    // when the broken migration is removed from disk
    world.catalog.set(migrationNames);
    expect(kstatusOf(await world.settle('acme'))).to.equal('Current');
  });

  it('waits, in progress and not stalled, for a DatabaseServer its spec names that does not exist yet', async () => {
    const world = reconcilerWorld();
    world.tenants.create('early', { displayName: 'Early', databaseServer: 'gamma' });
    const result = await world.reconcile('early');
    expect(result).to.deep.equal({ requeueAfterMs: 30_000 });
    const waiting = world.tenants.get('early');
    expect(findCondition(waiting, 'Reconciling')).to.include({ status: 'True', reason: 'DatabaseServerNotFound' });
    expect(waiting.metadata.finalizers, 'nothing to guard yet').to.equal(undefined);
    expect(world.tenants.writes).to.deep.equal(['PUT tenants/status']);
  });

  it('stalls a tenant still waiting for its named DatabaseServer once the wait is over, naming the server', async () => {
    let now = new Date('2026-12-01T00:00:10Z');
    const world = reconcilerWorld({ now: () => now });
    world.tenants.create('late', { displayName: 'Late', databaseServer: 'gamma' });
    expect(await world.reconcile('late'), 'the 30 s wait has 20 s left').to.deep.equal({ requeueAfterMs: 20_000 });
    expect(kstatusOf(world.tenants.get('late'))).to.equal('InProgress');

    now = new Date('2026-12-01T00:00:31Z');
    await world.reconcile('late').catch(() => undefined);
    const stalled = world.tenants.get('late');
    expect(kstatusOf(stalled)).to.equal('Failed');
    expect(findCondition(stalled, 'Stalled')).to.include({ status: 'True', reason: 'DatabaseServerNotFound' });
    expect(findCondition(stalled, 'Stalled')?.message).to.include('gamma');
  });

  it('places a re-applied tenant back on the server that retained its role, wherever capacity is', async () => {
    const world = reconcilerWorld();
    world.storage('beta').roles.set(storageOf('back'), { verifier: 'SCRAM-SHA-256$4096:old', login: false });
    world.tenants.create('back', { displayName: 'Back' });
    await world.reconcile('back');
    expect(world.tenants.get('back').status?.database?.server).to.equal('beta');
  });

  it('aligns the role to the password an existing Secret holds', async () => {
    const world = reconcilerWorld();
    world.secrets.stored.set('tenant-kept-db', {
      host: 'alpha.db', port: 5432, sslMode: 'disable', database: 'tenantry_pool', schema: storageOf('kept'), username: storageOf('kept'), password: 'kept-password',
    });
    world.tenants.create('kept', { displayName: 'Kept' });
    await world.reconcile('kept');
    expect(await verifies(world.storage().roles.get(storageOf('kept'))?.verifier, 'kept-password')).to.equal(true);
  });

  it('carries out a suspension as a reconciled state: Ready=True reason Suspended, phase Suspended, no login', async () => {
    const world = reconcilerWorld();
    world.tenants.create('nap', { displayName: 'Nap' });
    await world.reconcile('nap');
    world.tenants.updateSpec('nap', { suspended: true });
    await world.reconcile('nap');
    const suspended = world.tenants.get('nap');
    expect(suspended.status).to.include({ phase: 'Suspended', observedGeneration: 2 });
    expect(findCondition(suspended, 'Ready')).to.include({ status: 'True', reason: 'Suspended' });
    expect(kstatusOf(suspended)).to.equal('Current');
    expect(world.storage().roles.get(storageOf('nap'))?.login).to.equal(false);
  });

  it('rolls a new migration out to a Ready tenant with the migrations alone and one status write', async () => {
    const world = reconcilerWorld();
    world.tenants.create('acme', { displayName: 'Acme' });
    await world.reconcile('acme');
    const writes = world.tenants.writes.length;
    const calls = world.storage().calls.length;
    world.catalog.set([...migrationNames, '0003_priority']);
    await world.reconcile('acme');
    expect(world.tenants.writes.slice(writes)).to.deep.equal(['PUT tenants/status']);
    expect(world.storage().calls.slice(calls)).to.deep.equal([`migrate tenantry_pool/${storageOf('acme')}`]);
    expect(world.tenants.get('acme').status?.migrations).to.deep.equal({ applied: 3, latest: '0003_priority' });
  });

  it('refuses to move a placed tenant to another server: stalled, storage untouched', async () => {
    const world = reconcilerWorld();
    world.tenants.create('acme', { displayName: 'Acme' });
    await world.reconcile('acme');
    const [alphaCalls, betaCalls] = [world.storage('alpha').calls.length, world.storage('beta').calls.length];
    world.tenants.updateSpec('acme', { databaseServer: 'beta' });
    await world.reconcile('acme').catch(() => undefined);
    const refused = world.tenants.get('acme');
    expect(findCondition(refused, 'Stalled')).to.include({ status: 'True', reason: 'PlacementFailed' });
    expect(world.storage('alpha').calls.slice(alphaCalls)).to.deep.equal([]);
    expect(world.storage('beta').calls.slice(betaCalls)).to.deep.equal([]);
  });

  it('finishes a tenant whose operator died after placing it, without a second placement write', async () => {
    const world = reconcilerWorld();
    world.tenants.create('crash', { displayName: 'Crash' });
    const tenant = world.tenants.get('crash');
    await world.tenants.admit(tenant, 'tenantry.dev/storage', { 'tenantry.dev/database-server': 'beta', 'tenantry.dev/database': 'tenantry_pool' });
    world.tenants.writes.splice(0);
    await world.reconcile('crash');
    expect(world.tenants.writes).to.deep.equal(['POST secrets', 'PUT tenants/status']);
    expect(world.tenants.get('crash').status?.database?.server).to.equal('beta');
  });

  it('says Deleting before it releases storage, drops it with the Delete policy, then lets the Tenant go', async () => {
    const world = reconcilerWorld();
    world.tenants.create('gone', { displayName: 'Gone', deletionPolicy: 'Delete' });
    await world.reconcile('gone');
    world.tenants.markDeleted('gone');
    await world.reconcile('gone');
    const deleting = world.tenants.history('gone').find((version) => version.status?.phase === 'Deleting');
    expect(deleting && findCondition(deleting, 'Ready')?.status).to.equal('False');
    expect(deleting && kstatusOf(deleting)).to.equal('Terminating');
    expect(world.storage().roles.has(storageOf('gone'))).to.equal(false);
    expect(world.tenants.list().map((tenant) => tenant.metadata.name)).to.not.include('gone');
    expect(world.events.recorded.map((event) => event.reason)).to.deep.equal(['StorageDeleted']);
  });

  it('retains storage whatever the policy when the Tenant CRD itself is being deleted', async () => {
    const world = reconcilerWorld({ crdTerminating: true });
    world.tenants.create('kept', { displayName: 'Kept', deletionPolicy: 'Delete' });
    await world.reconcile('kept');
    world.tenants.markDeleted('kept');
    await world.reconcile('kept');
    expect(world.storage().roles.get(storageOf('kept'))?.comment).to.match(/retained when the Tenant CRD was deleted/);
    expect(world.events.recorded.map((event) => `${event.type} ${event.reason}`)).to.deep.equal(['Warning StorageRetained']);
  });
});
