// Lifecycle webhooks end to end with real processes: the operator moves real Tenants through their lifecycle, platform
// replicas record and deliver it to a receiver that fails first, one replica is killed mid-delivery, and in the end
// every transition arrived under one webhook-id, signed so the Standard Webhooks library verifies it.
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import {
  call, createTenant, createTestDatabase, deleteTenant, ensureDatabaseServer, eventually, newServiceToken, patchTenantSpec, sharedEnvironment,
  startOperator, startPlatform, uniqueTenantName, type Environment, type NodeService, type OperatorProcess, type TestDatabase,
} from '@tenantry/harness';
import { lifecycleEventTypes } from '../../src/lifecycle/lifecycle-transitions.js';
import { attemptSchema, createdSubscriptionSchema, deliverySchema, type Delivery } from '../../src/webhooks/webhook-schemas.js';
import { startTestIssuer, type TestIssuer } from '../support/test-issuer.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

describe('lifecycle webhooks (integration)', function () {
  this.timeout(180_000);
  let env: Environment;
  let operator: OperatorProcess;
  let issuer: TestIssuer;
  let database: TestDatabase;
  let receiver: WebhookReceiver;
  let admin: string;
  const replicas: NodeService[] = [];
  const serviceToken = newServiceToken();
  const secretsKey = randomBytes(32).toString('base64');
  const lifecycleTenant = uniqueTenantName('wh');
  const stalledTenant = uniqueTenantName('ws');

  const startReplica = async () => {
    const replica = await startPlatform(env, {
      issuer, databaseUrl: database.url, serviceToken,
      env: {
        PLATFORM_WEBHOOK_SECRETS_KEY: secretsKey, PLATFORM_WEBHOOK_ALLOW_HTTP: 'true', PLATFORM_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true', PLATFORM_WEBHOOK_TIMEOUT: '5s',
        PLATFORM_WEBHOOK_LEASE: '6s', PLATFORM_WEBHOOK_RETRY_BASE: '100ms', PLATFORM_WEBHOOK_RETRY_MAX: '500ms',
        PLATFORM_WEBHOOK_MAX_ATTEMPTS: '3', PLATFORM_WEBHOOK_POLL: '200ms',
      },
    });
    replicas.push(replica);
    return replica;
  };
  const deliveredTypes = (tenant: string) => new Set(receiver.delivered().filter((r) => r.event.subject === tenant).map((r) => r.event.type));
  const awaitDelivered = (tenant: string, type: string) =>
    eventually(`${type} of ${tenant} delivered`, () => deliveredTypes(tenant).has(type), { timeoutMs: 60_000 });

  before(async () => {
    env = await sharedEnvironment();
    await ensureDatabaseServer(env);
    operator = await startOperator(env);
    issuer = await startTestIssuer();
    database = await createTestDatabase(env);
    receiver = await startWebhookReceiver();
    admin = await issuer.token({ sub: 'sub-admin', groups: ['platform-admins'] });
  });

  after(async () => {
    for (const replica of replicas) await replica.stop().catch(() => undefined);
    await Promise.all([lifecycleTenant, stalledTenant].map((name) => deleteTenant(env, name).catch(() => undefined)));
    await operator?.stop();
    await receiver?.stop();
    await issuer?.stop();
    await database?.drop();
  });

  it('delivers every transition under one webhook-id despite failures, a killed replica and two replicas', async () => {
    const first = await startReplica();
    const refused = await call(first.url, 'POST', '/v1/webhooks/subscriptions', {
      token: admin, body: { name: 'creds', url: 'http://user:pw@127.0.0.1:9/', eventTypes: ['tenant.ready'] },
    });
    expect(refused.status).to.equal(422);
    const made = await call(first.url, 'POST', '/v1/webhooks/subscriptions', {
      token: admin, body: { name: 'everything', url: `${receiver.url}/hook`, eventTypes: [...lifecycleEventTypes] },
    });
    expect(made.status, JSON.stringify(made.body)).to.equal(201);
    receiver.secret = createdSubscriptionSchema.parse(made.body).secret;
    const listed = await call(first.url, 'GET', '/v1/webhooks/subscriptions', { token: admin });
    expect(JSON.stringify(listed.body)).to.not.include(receiver.secret);

    // When the first replica sends tenant.created, the receiver keeps the request open and the replica is killed.
    receiver.holdFirst = (event) => event.type === 'tenant.created' && event.subject === lifecycleTenant;
    await createTenant(env, lifecycleTenant);
    await eventually('the first replica is mid-delivery', () => receiver.received.some((r) => r.answered === undefined), { timeoutMs: 30_000 });
    await first.kill();
    const [second, third] = await Promise.all([startReplica(), startReplica()]);

    await awaitDelivered(lifecycleTenant, 'tenant.created');
    await awaitDelivered(lifecycleTenant, 'tenant.ready');
    await patchTenantSpec(env, lifecycleTenant, { suspended: true });
    await awaitDelivered(lifecycleTenant, 'tenant.suspended');
    await patchTenantSpec(env, lifecycleTenant, { suspended: false });
    await awaitDelivered(lifecycleTenant, 'tenant.resumed');
    await createTenant(env, stalledTenant, { databaseServer: 'no-such-server' });
    await awaitDelivered(stalledTenant, 'tenant.stalled');
    await deleteTenant(env, lifecycleTenant);
    await deleteTenant(env, stalledTenant);
    await awaitDelivered(lifecycleTenant, 'tenant.deleted');
    await awaitDelivered(stalledTenant, 'tenant.deleted');

    expect(receiver.received.every((r) => r.verified), 'every request verifies with the Standard Webhooks library').to.equal(true);
    expect(receiver.received.every((r) => r.contentType === 'application/cloudevents+json')).to.equal(true);
    const idsOf = new Map<string, Set<string>>();
    for (const { event, id } of receiver.received) {
      const key = `${event.subject} ${event.type}`;
      idsOf.set(key, (idsOf.get(key) ?? new Set()).add(id));
      expect(event).to.include({ specversion: '1.0', source: '/apis/tenantry.dev/v1alpha1/tenants' });
    }
    expect([...idsOf].filter(([, ids]) => ids.size !== 1), 'transitions sent under more than one webhook-id').to.deep.equal([]);
    expect([...deliveredTypes(lifecycleTenant)]).to.have.members(
      ['tenant.created', 'tenant.ready', 'tenant.suspended', 'tenant.resumed', 'tenant.deleted']);
    expect([...deliveredTypes(stalledTenant)]).to.have.members(['tenant.created', 'tenant.stalled', 'tenant.deleted']);
    const created = receiver.received.filter((r) => r.event.subject === lifecycleTenant && r.event.type === 'tenant.created');
    expect(created.map((r) => r.answered)).to.deep.equal([undefined, 204]);

    const deliveries = deliverySchema.array().parse((await call(second.url, 'GET', `/v1/webhooks/deliveries?tenant=${lifecycleTenant}`, { token: admin })).body['items']);
    expect(deliveries.map((delivery) => delivery.status)).to.deep.equal(deliveries.map(() => 'succeeded'));
    const ready = deliveries.find((delivery) => delivery.eventType === 'tenant.ready') as Delivery;
    const attempts = attemptSchema.array().parse((await call(third.url, 'GET', `/v1/webhooks/deliveries/${ready.id}/attempts`, { token: admin })).body['items']);
    expect(attempts.map((attempt) => [attempt.statusCode, attempt.succeeded])).to.deep.equal([[503, false], [204, true]]);
  });

  it('redelivers a delivery on request under its webhook-id, and dead-letters one that never succeeds', async () => {
    const [replica] = replicas.slice(-1) as [NodeService];
    const [ready] = deliverySchema.array().parse((await call(replica.url, 'GET',
      `/v1/webhooks/deliveries?tenant=${lifecycleTenant}&status=succeeded`, { token: admin })).body['items']).filter((d) => d.eventType === 'tenant.ready');
    const before = receiver.received.filter((r) => r.id === ready?.id).length;

    const redelivered = await call(replica.url, 'POST', `/v1/webhooks/deliveries/${ready?.id}/redeliver`, { token: admin });
    expect(redelivered.status).to.equal(202);
    await eventually('the redelivery arrives', () => receiver.delivered().filter((r) => r.id === ready?.id).length === 2, { timeoutMs: 20_000 });
    expect(receiver.received.filter((r) => r.id === ready?.id).length).to.equal(before + 1);

    const failing = await call(replica.url, 'POST', '/v1/webhooks/subscriptions', {
      token: admin, body: { name: 'failing', url: `${receiver.url}/always-fails`, eventTypes: ['tenant.created'] },
    });
    expect(failing.status).to.equal(201);
    const subscription = createdSubscriptionSchema.parse(failing.body).id;
    await createTenant(env, uniqueTenantName('wd'));
    const dead = await eventually('the failing delivery is dead-lettered', async () => {
      const listed = deliverySchema.array().parse((await call(replica.url, 'GET', `/v1/webhooks/deliveries?subscription=${subscription}`, { token: admin })).body['items']);
      return listed.find((delivery) => delivery.status === 'dead');
    }, { timeoutMs: 30_000 });
    expect(dead).to.include({ attempts: 3, lastStatusCode: 503 });
    expect(receiver.received.filter((r) => r.id === dead.id)).to.have.length(3);
  });
});
