// Claiming, finishing and redelivering deliveries on a real master database: leases, SKIP LOCKED, the dead letter.
import { expect } from 'chai';
import pg from 'pg';
import { createTestDatabase, eventually, sharedEnvironment, type TestDatabase } from '@tenantry/harness';
import { createLifecycleOutbox } from '../../src/lifecycle/lifecycle-outbox.js';
import { createDeliveryRepository, type DeliveryRepository } from '../../src/webhooks/delivery-repository.js';
import { migrate } from '../support/policy-stack.js';

describe('webhook deliveries (integration)', function () {
  this.timeout(60_000);
  let database: TestDatabase;
  let pool: pg.Pool;
  let deliveries: DeliveryRepository;
  let uid = 0;

  const owe = async (): Promise<void> => {
    uid += 1;
    await createLifecycleOutbox(pool).record({ type: 'tenant.created', key: `d${uid}/created`, data: { tenant: `t${uid}`, uid: `d${uid}` } });
  };
  const result = (deliveryId: string, replica: string, statusCode?: number) =>
    ({ deliveryId, replica, startedAt: new Date(), durationMs: 3, ...(statusCode === undefined ? {} : { statusCode }) });

  before(async () => {
    database = await createTestDatabase(await sharedEnvironment());
    await migrate(database.url);
    pool = new pg.Pool({ connectionString: database.url, max: 4 });
    deliveries = createDeliveryRepository(pool);
    await pool.query(`INSERT INTO webhook_subscriptions (name, url, event_types, secret_sealed, created_by)
      VALUES ('created', 'https://a.example/', '{tenant.created}', 'v1.x', 'test')`);
  });

  afterEach(async () => {
    await pool.query('DELETE FROM webhook_deliveries');
  });

  after(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('gives each due delivery to one replica only, even when they claim at once', async () => {
    for (let i = 0; i < 6; i++) await owe();

    const [a, b] = await Promise.all([deliveries.claim('a', 4, 30_000), deliveries.claim('b', 4, 30_000)]);

    expect(a.length + b.length).to.equal(6);
    expect(new Set([...a, ...b].map((delivery) => delivery.id)).size).to.equal(6);
    expect(await deliveries.claim('c', 10, 30_000)).to.deep.equal([]);
  });

  it('hands a delivery to another replica once the lease of the one that claimed it has expired', async () => {
    await owe();
    const [claimed] = await deliveries.claim('killed', 1, 200);
    expect(await deliveries.claim('other', 1, 30_000)).to.deep.equal([]);

    const taken = await eventually('the lease expires and another replica claims the delivery', async () => {
      const [again] = await deliveries.claim('other', 1, 30_000);
      return again;
    }, { timeoutMs: 5_000 });

    expect(taken.id).to.equal(claimed?.id);
    await deliveries.failed(result(taken.id, 'killed', 500), 0, 5);
    expect((await deliveries.find(taken.id))?.attempts).to.equal(0);
  });

  it('retries a failure after its delay and dead-letters it at the attempt limit; a redelivery starts again', async () => {
    await owe();
    const [first] = await deliveries.claim('a', 1, 30_000);
    await deliveries.failed(result(first!.id, 'a', 500), 60_000, 2);
    expect(await deliveries.claim('a', 1, 30_000)).to.deep.equal([]);
    await pool.query('UPDATE webhook_deliveries SET next_attempt_at = now()');

    const [second] = await deliveries.claim('a', 1, 30_000);
    await deliveries.failed(result(second!.id, 'a'), 0, 2);
    expect(await deliveries.find(first!.id)).to.include({ status: 'dead', attempts: 2, lastStatusCode: null });
    expect(await deliveries.claim('a', 1, 30_000)).to.deep.equal([]);

    expect(await deliveries.redeliver(first!.id)).to.equal(true);
    const [third] = await deliveries.claim('a', 1, 30_000);
    await deliveries.succeeded(result(third!.id, 'a', 204));
    expect(await deliveries.find(first!.id)).to.include({ status: 'succeeded', attempts: 1, lastStatusCode: 204 });
    expect((await deliveries.attempts(first!.id)).map((attempt) => [attempt.statusCode, attempt.succeeded])).to.deep.equal([[500, false], [null, false], [204, true]]);
  });
});
