// Credential rotation by alternating login roles, against in-memory Kubernetes and PostgreSQL with a clock the
// test moves: which role holds LOGIN when, what the Secret and the status say, and what waits for what.
import { expect } from 'chai';
import { verifies } from './support/in-memory-servers.js';
import { reconcilerWorld } from './support/reconciler-world.js';

const owner = 'tenant_acme';
const rotate = 'tenantry.dev/rotate-credentials';

function clockedWorld() {
  let now = new Date('2026-12-01T00:00:00Z');
  const world = reconcilerWorld({ now: () => now });
  return {
    world,
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
    login: (role: string) => world.storage().roles.get(role)?.login,
    secret: () => world.secrets.stored.get('tenant-acme-db')!,
  };
}

describe('credential rotation (in memory)', () => {
  it('switches the Secret to an alternate login role with a fresh password, keeping the previous login for the grace period', async () => {
    // given a Ready tenant with a one-minute grace period
    const { world, advance, login, secret } = clockedWorld();
    world.tenants.create('acme', { displayName: 'Acme', credentials: { gracePeriod: '1m' } });
    await world.reconcile('acme');
    const first = secret();
    expect(first.username).to.equal(owner);
    // when the annotation asks for a rotation
    world.tenants.annotate('acme', rotate, '2026-12-01T00:00:05Z');
    const timer = await world.reconcile('acme');
    // then the Secret holds the first alternate and a new password, whose verifier the role has
    const rotated = secret();
    expect(rotated.username).to.equal(`${owner}$a`);
    expect(rotated.password).to.not.equal(first.password);
    expect(await verifies(world.storage().roles.get(`${owner}$a`)?.verifier, rotated.password)).to.equal(true);
    expect(world.storage().roles.get(`${owner}$a`)?.memberOf).to.equal(owner);
    // and both logins work until the grace period ends, which the status records and the queue comes back for
    expect([login(owner), login(`${owner}$a`)]).to.deep.equal([true, true]);
    const status = world.tenants.get('acme').status?.credentials;
    expect(status).to.deep.include({ username: `${owner}$a`, rotationRequest: '2026-12-01T00:00:05Z', rotatedAt: '2026-12-01T00:00:00.000Z' });
    expect(status?.retiring).to.deep.equal({ username: owner, retiresAt: '2026-12-01T00:01:00.000Z' });
    expect(timer).to.deep.equal({ requeueAfterMs: 60_000 });
    // when the grace period is over
    advance(60_000);
    expect(world.reconciler.isSteady(world.tenants.get('acme'), await world.catalog.current())).to.equal(false);
    await world.reconcile('acme');
    // then the previous login is gone, the current one stays, and the status has nothing retiring
    expect([login(owner), login(`${owner}$a`)]).to.deep.equal([false, true]);
    expect(world.tenants.get('acme').status?.credentials?.retiring).to.equal(undefined);
    expect(world.reconciler.isSteady(world.tenants.get('acme'), await world.catalog.current())).to.equal(true);
  });

  it('alternates between the two login roles, a rotation waiting while the one it would reuse is still retiring', async () => {
    const { world, advance, login, secret } = clockedWorld();
    world.tenants.create('acme', { displayName: 'Acme', credentials: { gracePeriod: '1m' } });
    await world.reconcile('acme');
    world.tenants.annotate('acme', rotate, 'one');
    await world.reconcile('acme');
    advance(60_000);
    await world.reconcile('acme');
    world.tenants.annotate('acme', rotate, 'two');
    await world.reconcile('acme');
    expect(secret().username).to.equal(`${owner}$b`);
    // a third request inside the grace period would hand $a a new password while its consumers still use it
    world.tenants.annotate('acme', rotate, 'three');
    const waiting = await world.reconcile('acme');
    expect(waiting).to.deep.equal({ requeueAfterMs: 60_000 });
    expect(secret().username).to.equal(`${owner}$b`);
    expect(world.tenants.get('acme').status?.conditions?.find((c) => c.type === 'Reconciling')).to.include({ status: 'True', reason: 'RotationWaiting' });
    // once $a retired, the waiting rotation goes ahead in the same pass
    advance(60_000);
    await world.reconcile('acme');
    expect(secret().username).to.equal(`${owner}$a`);
    expect([login(owner), login(`${owner}$a`), login(`${owner}$b`)]).to.deep.equal([false, true, true]);
    expect(world.tenants.get('acme').status?.credentials).to.deep.include({ rotationRequest: 'three' });
  });

  it('rotates on the schedule of spec.credentials.rotateEvery and says when the next rotation is', async () => {
    const { world, advance, secret } = clockedWorld();
    world.tenants.create('acme', { displayName: 'Acme', credentials: { rotateEvery: '24h', gracePeriod: '10m' } });
    const timer = await world.reconcile('acme');
    expect(world.tenants.get('acme').status?.credentials?.nextRotationAt).to.equal('2026-12-02T00:00:00.000Z');
    expect(timer, 'a timer of at most an hour: resyncs take over from there').to.deep.equal({ requeueAfterMs: 3_600_000 });
    advance(24 * 3_600_000);
    await world.reconcile('acme');
    expect(secret().username).to.equal(`${owner}$a`);
    expect(world.tenants.get('acme').status?.credentials?.nextRotationAt).to.equal('2026-12-03T00:00:00.000Z');
  });

  it('takes every login away on suspension and gives LOGIN back to the current login role alone on resume', async () => {
    const { world, advance, login } = clockedWorld();
    world.tenants.create('acme', { displayName: 'Acme', credentials: { gracePeriod: '1m' } });
    await world.reconcile('acme');
    world.tenants.annotate('acme', rotate, 'one');
    await world.reconcile('acme');
    world.tenants.updateSpec('acme', { suspended: true });
    await world.reconcile('acme');
    expect([login(owner), login(`${owner}$a`)]).to.deep.equal([false, false]);
    advance(120_000);
    world.tenants.updateSpec('acme', { suspended: false });
    await world.reconcile('acme');
    expect([login(owner), login(`${owner}$a`)], 'the previous login stays retired after its grace period').to.deep.equal([false, true]);
  });

  it('counts an annotation already on a new tenant as carried out: its first credentials are fresh', async () => {
    const { world, secret } = clockedWorld();
    world.tenants.create('acme', { displayName: 'Acme' });
    world.tenants.annotate('acme', rotate, 'before-ready');
    await world.reconcile('acme');
    expect(secret().username).to.equal(owner);
    expect(world.tenants.get('acme').status?.credentials).to.deep.equal({ username: owner, rotationRequest: 'before-ready' });
    expect(world.reconciler.isSteady(world.tenants.get('acme'), await world.catalog.current())).to.equal(true);
  });

  it('does not rotate twice when the status write of a rotation was lost: the Secret records the request', async () => {
    const { world, secret } = clockedWorld();
    world.tenants.create('acme', { displayName: 'Acme' });
    await world.reconcile('acme');
    const ready = world.tenants.get('acme');
    world.tenants.annotate('acme', rotate, 'once');
    await world.reconcile('acme');
    const rotated = secret();
    // the same pass again from the status before the rotation, as after a lost status write
    const stale = { ...world.tenants.get('acme'), status: ready.status! };
    await world.reconciler.reconcile(stale).catch(() => undefined);
    expect(secret()).to.deep.equal(rotated);
  });
});
