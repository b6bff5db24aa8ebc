// The live tenant stream as a real process: a snapshot, then each change as the operator provisions a tenant; what a
// reconnect with Last-Event-ID is sent; who may listen.
import { expect } from 'chai';
import {
  call, createTestDatabase, ensureDatabaseServer, type EventStream, harnessServer, newServiceToken, type
  NodeService, openEventStream, type OperatorProcess, type ServerSentEvent, sharedEnvironment, startOperator,
  startPlatform, type TestDatabase, uniqueTenantName,
} from '@tenantry/harness';
import { tenantEventDataSchema, type TenantEventData } from '../../src/tenants/tenant-schemas.js';
import { startTestIssuer, type TestIssuer } from '../support/test-issuer.js';

describe('tenant event stream (integration)', function () {
  this.timeout(120_000);
  let issuer: TestIssuer;
  let database: TestDatabase;
  let operator: OperatorProcess;
  let platform: NodeService;
  let adminToken: string;
  const streams: EventStream[] = [];
  const created: string[] = [];

  const open = async (headers: Record<string, string> = {}, token = adminToken) => {
    const stream = await openEventStream(`${platform.url}/v1/tenant-events`, { authorization: `Bearer ${token}`, ...headers });
    streams.push(stream);
    return stream;
  };
  const data = (event: ServerSentEvent): TenantEventData => tenantEventDataSchema.parse(JSON.parse(event.data));
  const about = (name: string) => (event: ServerSentEvent) => {
    const parsed = data(event);
    return parsed.type === 'upsert' ? parsed.tenant.name === name : parsed.type === 'delete' && parsed.name === name;
  };
  const createTenant = async (name: string) => {
    const response = await call(platform.url, 'POST', '/v1/tenants', {
      token: adminToken, body: { name, displayName: `Live ${name}`, deletionPolicy: 'Delete', databaseServer: harnessServer },
    });
    expect(response.status, JSON.stringify(response.body)).to.equal(201);
    created.push(name);
  };

  before(async () => {
    const env = await sharedEnvironment();
    await ensureDatabaseServer(env);
    issuer = await startTestIssuer();
    database = await createTestDatabase(env);
    operator = await startOperator(env);
    platform = await startPlatform(env, { issuer, databaseUrl: database.url, serviceToken: newServiceToken() });
    adminToken = await issuer.token({ sub: 'sub-live-admin', groups: ['platform-admins'], expiresIn: 600 });
  });

  afterEach(() => {
    for (const stream of streams.splice(0)) stream.close();
  });

  after(async () => {
    for (const name of created) await call(platform.url, 'DELETE', `/v1/tenants/${name}`, { token: adminToken });
    await platform?.stop();
    await operator?.stop();
    await issuer?.stop();
    await database?.drop();
  });

  it('sends a snapshot first, then every change of a tenant the operator provisions, up to Ready', async () => {
    const stream = await open();
    expect(stream.status).to.equal(200);
    expect(stream.headers.get('content-type')).to.match(/^text\/event-stream/);
    expect(stream.headers.get('cache-control')).to.contain('no-transform');
    const snapshot = await stream.next('a snapshot');
    expect(snapshot.event).to.equal('snapshot');
    expect(snapshot.id).to.match(/^[a-z0-9]+-\d+$/);

    const name = uniqueTenantName('live');
    await createTenant(name);

    const phases: string[] = [];
    await stream.next(`upserts of ${name} up to Ready`, (event) => {
      const parsed = data(event);
      if (parsed.type !== 'upsert' || parsed.tenant.name !== name) return false;
      if (phases.at(-1) !== parsed.tenant.phase) phases.push(parsed.tenant.phase);
      return parsed.tenant.phase === 'Ready' && parsed.tenant.conditions.some((condition) => condition.type === 'Ready' && condition.status === 'True');
    }, 60_000);
    expect(phases[0]).to.equal('Pending');
    expect(phases.at(-1)).to.equal('Ready');
  });

  it('replays what a reconnect missed after Last-Event-ID, and sends a snapshot for an id it cannot replay', async () => {
    const first = await open();
    const snapshot = await first.next('a snapshot');
    first.close();
    const name = uniqueTenantName('miss');
    await createTenant(name);

    const resumed = await open({ 'last-event-id': snapshot.id! });
    const missed = await resumed.next(`the missed creation of ${name}`, about(name));
    expect(missed.event).to.equal('upsert');
    expect(resumed.received[0]!.event, 'no snapshot before the replay').to.equal('upsert');

    const stranger = await open({ 'last-event-id': 'someone-else-42' });
    const fresh = await stranger.next('a snapshot');
    expect(fresh.event).to.equal('snapshot');
    const fromSnapshot = data(fresh);
    expect(fromSnapshot.type === 'snapshot' && fromSnapshot.items.map((tenant) => tenant.name)).to.include(name);
  });

  it('tells of a tenant deleted, by name', async () => {
    const name = uniqueTenantName('gone');
    await createTenant(name);
    const stream = await open();
    await stream.next('a snapshot');

    expect((await call(platform.url, 'DELETE', `/v1/tenants/${name}`, { token: adminToken })).status).to.equal(202);

    const gone = await stream.next(`the deletion of ${name}`, (event) => event.event === 'delete' && about(name)(event), 60_000);
    expect(data(gone)).to.deep.equal({ type: 'delete', name });
  });

  it('ends the stream when the access token expires', async () => {
    const shortLived = await issuer.token({ sub: 'sub-live-admin', groups: ['platform-admins'], expiresIn: 2 });
    const stream = await open({}, shortLived);
    await stream.next('a snapshot');
    const opened = Date.now();

    await stream.ended;
    expect(Date.now() - opened, 'ended with the token, not by a timeout').to.be.below(5_000);
  });

  it('refuses a caller without a token (401) and one outside the platform admins (403)', async () => {
    const anonymous = await fetch(`${platform.url}/v1/tenant-events`);
    expect(anonymous.status).to.equal(401);
    const user = await fetch(`${platform.url}/v1/tenant-events`, {
      headers: { authorization: `Bearer ${await issuer.token({ sub: 'sub-user', groups: ['staff'] })}` },
    });
    expect(user.status).to.equal(403);
    expect(user.headers.get('content-type')).to.match(/^application\/problem\+json/);
  });
});
