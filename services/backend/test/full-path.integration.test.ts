// The whole request path as real processes: a user's token from the identity provider → gateway → token
// exchange at the platform → backend → that tenant's own storage, for a pool and a silo tenant; and every
// combination of token and tenant header we could think of that might reach the other tenant's data.
import { expect } from 'chai';
import { signIn, usePlatformStack, users, type NodeService } from '@tenantry/harness';

interface Entry { id: string; title: string }

describe('full request path (integration: identity provider, gateway, platform, backend, operator, PostgreSQL)', function () {
  this.timeout(180_000);
  const stack = usePlatformStack();
  let backend: NodeService;
  let gateway: NodeService;
  const tokens: Record<'alice' | 'hank', string> = { alice: '', hank: '' };

  const request = (base: string, path: string, token: string, tenant: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
    fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${token}`, 'x-tenant-id': tenant, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  const viaGateway = (path: string, user: 'alice' | 'hank', tenant: string, init = {}) => request(gateway.url, path, tokens[user], tenant, init);
  const titles = async (response: Response) => ((await response.json()) as { items: Entry[] }).items.map((entry) => entry.title);

  before(async () => {
    const { identityUrl } = stack();
    backend = await stack().startBackend();
    gateway = await stack().startGateway(backend);
    tokens.alice = (await signIn(identityUrl, users.alice.email)).accessToken;
    tokens.hank = (await signIn(identityUrl, users.hank.email)).accessToken;
  });

  it('writes and reads each tenant\'s entries in its own storage, and never across tenants', async () => {
    const { a, b } = stack().tenants;
    // Given alice (editor of pool tenant A) and hank (editor of silo tenant B) each write an entry
    const written = await viaGateway('/api/entries', 'alice', a, { method: 'POST', body: { title: 'secret of A' } });
    expect(written.status, await written.clone().text()).to.equal(201);
    const entryOfA = await written.json() as Entry;
    const writtenB = await viaGateway('/api/entries', 'hank', b, { method: 'POST', body: { title: 'secret of B' } });
    expect(writtenB.status).to.equal(201);
    const entryOfB = await writtenB.json() as Entry;

    // Then each lists its own entry only
    expect(await titles(await viaGateway('/api/entries?q=secret', 'alice', a))).to.deep.equal(['secret of A']);
    expect(await titles(await viaGateway('/api/entries?q=secret', 'hank', b))).to.deep.equal(['secret of B']);

    // And no combination of token and header reaches the other tenant:
    // 1-2. a user's own token with the other tenant's header: not a member (gateway, through the exchange), told
    // as if the tenant did not exist
    expect((await viaGateway('/api/entries', 'alice', b)).status).to.equal(404);
    expect((await viaGateway('/api/entries', 'hank', a)).status).to.equal(404);
    // 3. the other tenant's entry id, asked in one's own tenant: unknown there
    expect((await viaGateway(`/api/entries/${entryOfB.id}`, 'alice', a)).status).to.equal(404);
    expect((await viaGateway(`/api/entries/${entryOfA.id}`, 'hank', b)).status).to.equal(404);
    // 4. forged identity and tenant headers through the gateway: stripped, the listing is still A's only
    const forged = await viaGateway('/api/entries?q=secret', 'alice', a, {
      headers: { 'x-internal-tenant': b, 'x-tenant-roles': 'tenant-admin', 'x-user-id': users.hank.sub, 'x-forwarded-user': users.hank.email },
    });
    expect(await titles(forged)).to.deep.equal(['secret of A']);
    // 5. the external token straight at the backend: it trusts only internal tokens
    expect((await request(backend.url, '/api/entries', tokens.alice, a)).status).to.equal(401);
    // 6. a genuine internal token for A with B's header, straight at the backend
    const internalForA = await stack().token('alice', a);
    expect((await request(backend.url, '/api/entries', internalForA, b)).status).to.equal(403);
    // 7. writing into B with A's internal token and B's header: refused, and B is unchanged
    expect((await request(backend.url, '/api/entries', internalForA, b, { method: 'POST', body: { title: 'intruder' } })).status).to.equal(403);
    expect(await titles(await viaGateway('/api/entries', 'hank', b))).to.not.include('intruder');
    // 8. deleting B's entry by id with A's token through the gateway: unknown in A, and B still has it
    expect((await viaGateway(`/api/entries/${entryOfB.id}`, 'alice', a, { method: 'DELETE' })).status).to.equal(404);
    expect((await viaGateway(`/api/entries/${entryOfB.id}`, 'hank', b)).status).to.equal(200);
  });
});
