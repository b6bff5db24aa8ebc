// The outbox's SQL on a real master database: each transition once whoever records it, the preconditions of resumed
// and migrated, and one delivery per subscription wanting the type.
import { expect } from 'chai';
import pg from 'pg';
import { createTestDatabase, sharedEnvironment, type TestDatabase } from '@tenantry/harness';
import { createLifecycleOutbox, type LifecycleOutbox } from '../../src/lifecycle/lifecycle-outbox.js';
import type { Transition } from '../../src/lifecycle/lifecycle-transitions.js';
import { migrate } from '../support/policy-stack.js';

const data = (uid: string, migration?: string) => ({ tenant: `t-${uid}`, uid, ...(migration === undefined ? {} : { migration }) });
const created = (uid: string): Transition => ({ type: 'tenant.created', key: `${uid}/created`, data: data(uid) });
const ready = (uid: string, migration: string): Transition => ({ type: 'tenant.ready', key: `${uid}/ready`, data: data(uid, migration) });
const suspended = (uid: string, generation: number): Transition => ({ type: 'tenant.suspended', key: `${uid}/suspended/${generation}`, data: data(uid) });
const resumed = (uid: string, generation: number): Transition =>
  ({ type: 'tenant.resumed', key: `${uid}/resumed/${generation}`, requires: 'after-suspension', data: data(uid) });
const migrated = (uid: string, migration: string): Transition =>
  ({ type: 'tenant.migrated', key: `${uid}/migrated/${migration}`, requires: 'migration-changed', data: data(uid, migration) });

describe('lifecycle outbox (integration)', function () {
  this.timeout(60_000);
  let database: TestDatabase;
  let pool: pg.Pool;
  let outbox: LifecycleOutbox;

  before(async () => {
    database = await createTestDatabase(await sharedEnvironment());
    await migrate(database.url);
    pool = new pg.Pool({ connectionString: database.url, max: 4 });
    outbox = createLifecycleOutbox(pool);
  });

  after(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('records a transition once, however many replicas record it at the same time', async () => {
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => createLifecycleOutbox(pool).record(created('u1'))));

    expect(outcomes.filter((outcome) => outcome.inserted)).to.have.length(1);
    const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM lifecycle_events WHERE dedupe_key = 'u1/created'`);
    expect(rows[0]?.n).to.equal(1);
  });

  it('records resumed only after a suspension, once per generation', async () => {
    expect((await outbox.record(resumed('u2', 1))).inserted).to.equal(false);
    await outbox.record(suspended('u2', 2));
    expect((await outbox.record(resumed('u2', 3))).inserted).to.equal(true);
    expect((await outbox.record(resumed('u2', 4))).inserted).to.equal(false);
  });

  it('records migrated only after ready, and only for a migration other than the last one recorded', async () => {
    expect((await outbox.record(migrated('u3', '001'))).inserted).to.equal(false);
    await outbox.record(ready('u3', '001'));
    expect((await outbox.record(migrated('u3', '001'))).inserted).to.equal(false);
    expect((await outbox.record(migrated('u3', '002'))).inserted).to.equal(true);
    expect((await outbox.record(migrated('u3', '002'))).inserted).to.equal(false);
  });

  it('owes a delivery to each subscription wanting the type, and none to others', async () => {
    await pool.query(`INSERT INTO webhook_subscriptions (name, url, event_types, secret_sealed, created_by) VALUES
      ('all-ready', 'https://a.example/', '{tenant.ready,tenant.deleted}', 'v1.x', 'test'),
      ('only-deleted', 'https://b.example/', '{tenant.deleted}', 'v1.x', 'test')`);

    expect(await outbox.record(ready('u4', '001'))).to.deep.equal({ inserted: true, deliveries: 1 });
    expect(await outbox.record({ type: 'tenant.deleted', key: 'u4/deleted', data: data('u4') })).to.deep.equal({ inserted: true, deliveries: 2 });
    expect(await outbox.record(ready('u4', '001'))).to.deep.equal({ inserted: false, deliveries: 0 });
  });

  it('lists the tenants it saw created and never deleted', async () => {
    await outbox.record(created('u5'));
    await outbox.record(created('u6'));
    await outbox.record({ type: 'tenant.deleted', key: 'u6/deleted', data: data('u6') });

    const undeleted = (await outbox.undeleted()).map((row) => row.uid);
    expect(undeleted).to.include('u5');
    expect(undeleted).to.not.include('u6');
  });
});
