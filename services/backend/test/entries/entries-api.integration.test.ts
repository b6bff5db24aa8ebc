// The entries API as a real process behind real internal tokens: CRUD with ETag/If-Match, validation, permissions,
// tenant isolation and refused tokens.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { eventually, patchTenantSpec, usePlatformStack, users, waitForTenant, type NodeService } from '@tenantry/harness';
import { request } from '../support/entries-client.js';

interface EntryBody { id: string; title: string; body: string; status: string; tags: string[]; author: string; version: number }

describe('entries API (integration, real platform, operator and identity provider)', function () {
  this.timeout(120_000);
  const stack = usePlatformStack();
  let backend: NodeService;
  let aliceA: string;
  let bobA: string;
  let hankB: string;

  before(async function () {
    this.timeout(60_000);
    backend = await stack().startBackend();
    const { a, b } = stack().tenants;
    [aliceA, bobA, hankB] = await Promise.all([stack().token('alice', a), stack().token('bob', a), stack().token('hank', b)]);
  });

  const api = <T = Record<string, unknown>>(token: string | undefined, method: string, path: string, options = {}) =>
    request<T>(backend.url, token, method, path, options);

  it('creates, reads, changes with If-Match and deletes an entry', async () => {
    // Given alice, an editor of A, writes an entry
    const created = await api<EntryBody>(aliceA, 'POST', '/api/entries', { body: { title: 'Hello', body: 'first words', tags: ['x'] } });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect(created.headers.get('etag')).to.equal('"1"');
    expect(created.headers.get('location')).to.equal(`/api/entries/${created.body.id}`);
    expect(created.body).to.include({ title: 'Hello', status: 'draft', author: users.alice.sub, version: 1 });

    // When she reads it, then it comes back with its version as ETag
    const read = await api<EntryBody>(aliceA, 'GET', `/api/entries/${created.body.id}`);
    expect(read.status).to.equal(200);
    expect(read.headers.get('etag')).to.equal('"1"');
    expect(read.body).to.deep.equal(created.body);

    // When she changes it based on version 1, then it is at version 2
    const changed = await api<EntryBody>(aliceA, 'PATCH', `/api/entries/${created.body.id}`,
      { body: { status: 'published' }, headers: { 'if-match': '"1"' } });
    expect(changed.status, JSON.stringify(changed.body)).to.equal(200);
    expect(changed.headers.get('etag')).to.equal('"2"');
    expect(changed.body).to.include({ title: 'Hello', status: 'published', version: 2 });

    // When a change is based on the stale version 1, then it is refused and nothing changes
    const stale = await api(aliceA, 'PATCH', `/api/entries/${created.body.id}`, { body: { title: 'Lost' }, headers: { 'if-match': '"1"' } });
    expect(stale.status).to.equal(412);
    expect(stale.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(stale.body).to.include({ code: 'VERSION_MISMATCH' });
    expect((await api<EntryBody>(aliceA, 'GET', `/api/entries/${created.body.id}`)).body.title).to.equal('Hello');

    // When a change comes without If-Match, then it is refused with 428
    const unconditional = await api(aliceA, 'PATCH', `/api/entries/${created.body.id}`, { body: { title: 'Blind' } });
    expect(unconditional.status).to.equal(428);

    // When she deletes it at a stale version, then 412; at the current one, 204, and it is gone
    expect((await api(aliceA, 'DELETE', `/api/entries/${created.body.id}`, { headers: { 'if-match': '"1"' } })).status).to.equal(412);
    expect((await api(aliceA, 'DELETE', `/api/entries/${created.body.id}`, { headers: { 'if-match': '"2"' } })).status).to.equal(204);
    expect((await api(aliceA, 'GET', `/api/entries/${created.body.id}`)).status).to.equal(404);
    expect((await api(aliceA, 'DELETE', `/api/entries/${created.body.id}`)).status).to.equal(404);
  });

  it('names the offending field with 400, checking the table\'s limits before the database does', async () => {
    const missingTitle = await api(aliceA, 'POST', '/api/entries', { body: { body: 'no title' } });
    expect(missingTitle.status).to.equal(400);
    expect(missingTitle.body['errors']).to.deep.include({ field: 'title', message: 'Invalid input: expected string, received undefined' });

    const badStatus = await api(aliceA, 'POST', '/api/entries', { body: { title: 't', status: 'gone' } });
    expect(badStatus.status).to.equal(400);
    expect((badStatus.body['errors'] as { field: string }[]).map((error) => error.field)).to.deep.equal(['status']);

    const longTitle = await api(aliceA, 'POST', '/api/entries', { body: { title: 'x'.repeat(201) } });
    expect(longTitle.status).to.equal(400);
    expect(longTitle.body['errors']).to.deep.equal([{ field: 'title', message: 'must be 1 to 200 characters' }]);

    const manyTags = await api(aliceA, 'POST', '/api/entries', { body: { title: 't', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) } });
    expect(manyTags.status).to.equal(400);
    expect(manyTags.body['errors']).to.deep.equal([{ field: 'tags', message: 'must be at most 20 tags' }]);

    const badId = await api(aliceA, 'GET', '/api/entries/not-a-uuid');
    expect(badId.status).to.equal(400);
    expect((badId.body['errors'] as { field: string }[])[0]?.field).to.equal('id');

    const badLimit = await api(aliceA, 'GET', '/api/entries?limit=101');
    expect(badLimit.status).to.equal(400);
    expect((badLimit.body['errors'] as { field: string }[])[0]?.field).to.equal('limit');

    const unknown = await api(aliceA, 'GET', '/api/entries/7d4f0a52-5d1c-4c4e-9d7e-2f8a3c1b6e90');
    expect(unknown.status).to.equal(404);
  });

  it('measures text in characters as the table does, and takes If-Match: * as whichever version is current', async () => {
    const emoji = await api<EntryBody>(aliceA, 'POST', '/api/entries', { body: { title: '\u{1F600}'.repeat(200) } });
    expect(emoji.status, JSON.stringify(emoji.body)).to.equal(201);
    expect((await api(aliceA, 'POST', '/api/entries', { body: { title: '\u{1F600}'.repeat(201) } })).status).to.equal(400);

    const any = await api<EntryBody>(aliceA, 'PATCH', `/api/entries/${emoji.body.id}`, { body: { title: 'Any' }, headers: { 'if-match': '*' } });
    expect(any.status, JSON.stringify(any.body)).to.equal(200);
    expect(any.body).to.include({ title: 'Any', version: 2 });
    expect((await api(aliceA, 'DELETE', `/api/entries/${emoji.body.id}`, { headers: { 'if-match': '*' } })).status).to.equal(204);
    expect((await api(aliceA, 'PATCH', `/api/entries/${emoji.body.id}`, { body: { title: 'Gone' }, headers: { 'if-match': '*' } })).status).to.equal(404);
  });

  it('refuses filters PostgreSQL could not compare with 400 naming the field, never a 500', async () => {
    const refused = [
      ['created_to', 'created_to=0000-01-01'],
      ['created_from', `created_from=${encodeURIComponent('0001-01-01T00:30:00+01:00')}`],
      ['created_from', 'created_from=2026-02-30'],
      ['created_to', 'created_to=2026-01-01T24:00:00Z'],
      ['cursor', `cursor=${Buffer.from(JSON.stringify({ v: 1, s: '-created_at', f: 'x', k: '2026-02-30T00:00:00.000000Z', i: '7d4f0a52-5d1c-4c4e-9d7e-2f8a3c1b6e90' })).toString('base64url')}`],
    ] as const;
    for (const [field, query] of refused) {
      const response = await api<{ errors: { field: string }[] }>(aliceA, 'GET', `/api/entries?${query}`);
      expect(response.status, query).to.equal(400);
      expect(response.body.errors.map((error) => error.field), query).to.include(field);
    }
    const offset = await api<{ items: unknown[] }>(aliceA, 'GET', `/api/entries?created_from=${encodeURIComponent('2026-01-01T00:00:00.123456789+14:00')}`);
    expect(offset.status).to.equal(200);
  });

  it('lets a viewer read and refuses their writes, naming the missing permission', async () => {
    expect((await api(bobA, 'GET', '/api/entries')).status).to.equal(200);

    const write = await api(bobA, 'POST', '/api/entries', { body: { title: 'not mine to write' } });

    expect(write.status).to.equal(403);
    expect(write.body).to.include({ code: 'PERMISSION_DENIED' });
    expect(write.body['detail']).to.contain('entries:write');
  });

  it('keeps each tenant\'s entries to itself', async () => {
    // Given an entry in A and one in B
    const inA = await api<EntryBody>(aliceA, 'POST', '/api/entries', { body: { title: 'only in A', tags: ['isolation'] } });
    const inB = await api<EntryBody>(hankB, 'POST', '/api/entries', { body: { title: 'only in B', tags: ['isolation'] } });
    expect([inA.status, inB.status]).to.deep.equal([201, 201]);

    // Then each tenant's listing shows its own entry only
    const listA = await api<{ items: EntryBody[] }>(aliceA, 'GET', '/api/entries?tag=isolation');
    const listB = await api<{ items: EntryBody[] }>(hankB, 'GET', '/api/entries?tag=isolation');
    expect(listA.body.items.map((entry) => entry.id)).to.deep.equal([inA.body.id]);
    expect(listB.body.items.map((entry) => entry.id)).to.deep.equal([inB.body.id]);

    // And A's token cannot read, change or delete B's entry by its id
    expect((await api(aliceA, 'GET', `/api/entries/${inB.body.id}`)).status).to.equal(404);
    expect((await api(aliceA, 'PATCH', `/api/entries/${inB.body.id}`, { body: { title: 'taken' }, headers: { 'if-match': '"1"' } })).status).to.equal(404);
    expect((await api(aliceA, 'DELETE', `/api/entries/${inB.body.id}`)).status).to.equal(404);
    expect((await api<EntryBody>(hankB, 'GET', `/api/entries/${inB.body.id}`)).body.title).to.equal('only in B');
  });

  it('keeps pages anchored on their rows when entries are written meanwhile, both ways', async () => {
    type Page = { items: EntryBody[]; nextCursor: string | null; prevCursor: string | null };
    const write = async (title: string) => {
      const created = await api<EntryBody>(aliceA, 'POST', '/api/entries', { body: { title, tags: ['keyset'] } });
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      return created.body.id;
    };
    const list = async (cursor?: string) =>
      (await api<Page>(aliceA, 'GET', `/api/entries?tag=keyset&limit=3${cursor === undefined ? '' : `&cursor=${cursor}`}`)).body;
    // Given nine entries, newest first in pages of three
    const ids: string[] = [];
    for (let n = 1; n <= 9; n += 1) ids.unshift(await write(`keyset ${n}`));
    const first = await list();
    const second = await list(first.nextCursor!);
    expect(second.items.map((entry) => entry.id)).to.deep.equal(ids.slice(3, 6));

    // When two newer entries are written while the reader is on the second page
    const newer = [await write('keyset 10'), await write('keyset 11')];

    // Then the next page is still the one after it, and the previous page is still the one before it
    expect((await list(second.nextCursor!)).items.map((entry) => entry.id)).to.deep.equal(ids.slice(6, 9));
    const back = await list(second.prevCursor!);
    expect(back.items.map((entry) => entry.id)).to.deep.equal(ids.slice(0, 3));
    // And, going back once more, the newer entries make a first page of their own (the walk back reached the start)
    expect(back.prevCursor).to.be.a('string');
    const start = await list(back.prevCursor!);
    expect(start.items.map((entry) => entry.id)).to.deep.equal([...newer.reverse(), ids[0]]);
    expect(start.prevCursor).to.equal(null);
  });

  it('refuses an X-Tenant-Id that differs from the token\'s tenant', async () => {
    const response = await api(aliceA, 'GET', '/api/entries', { headers: { 'x-tenant-id': stack().tenants.b } });

    expect(response.status).to.equal(403);
    expect(response.body).to.include({ code: 'TENANT_MISMATCH' });
    expect((await api(aliceA, 'GET', '/api/entries', { headers: { 'x-tenant-id': stack().tenants.a } })).status).to.equal(200);
  });

  it('answers 401 with an invalid_token challenge for a missing, tampered, foreign-audience or expired token', async () => {
    const [header, payload, signature] = aliceA.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const tampered = [header, Buffer.from(JSON.stringify({ ...claims, tenant: stack().tenants.b })).toString('base64url'), signature].join('.');
    const reports = await stack().token('alice', stack().tenants.a, { audience: 'tenantry-reports' });
    // Signed with the platform's own published key, so only its exp is wrong.
    const expired = await stack().signInternal({ ...claims, aud: 'tenantry-backend' }, Math.floor(Date.now() / 1000) - 5);
    const now = Math.floor(Date.now() / 1000);
    const wrongIssuer = await stack().signInternal(claims, now + 60, 'http://impostor.example');
    const genuine = await stack().signInternal(claims, now + 60);
    const cases: [string, string | undefined][] = [
      ['none', undefined], ['tampered', tampered], ['audience', reports], ['expired', expired], ['issuer', wrongIssuer],
      ['garbage', 'not.a.token'],
    ];
    for (const [label, token] of cases) {
      const response = await api(token, 'GET', '/api/entries');
      expect(response.status, label).to.equal(401);
      expect(response.headers.get('www-authenticate'), label).to.contain('error="invalid_token"');
      expect(response.headers.get('content-type'), label).to.match(/^application\/problem\+json/);
    }
    // The same claims, signed alike with the right issuer and a future exp, are accepted: only the flaw was refused.
    expect((await api(genuine, 'GET', '/api/entries')).status).to.equal(200);
  });

  it('serves an OpenAPI 3.1 document generated from the schemas', async () => {
    const response = await api<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(undefined, 'GET', '/openapi.json');

    expect(response.status).to.equal(200);
    expect(response.body.openapi).to.equal('3.1.0');
    expect(Object.keys(response.body.paths)).to.have.members(['/api/entries', '/api/entries/{id}']);
    expect(Object.keys(response.body.paths['/api/entries/{id}']!)).to.have.members(['get', 'patch', 'delete']);
  });

  it('writes every request line with the caller\'s tenantId', async () => {
    // Given a request with a known request id
    const requestId = `log-${Date.now()}`;
    expect((await api(hankB, 'GET', '/api/entries', { headers: { 'x-request-id': requestId } })).status).to.equal(200);

    // Then its access log line carries the tenant of the token
    const line = await eventually('the request\'s access log line is written', async () => {
      const log = await readFile(join(stack().env.dir, `${backend.name}.log`), 'utf8');
      return log.split('\n').find((candidate) => candidate.includes(requestId) && candidate.includes('request completed'));
    }, { timeoutMs: 5_000 });
    expect(JSON.parse(line.slice(line.indexOf('{')))).to.include({ tenantId: stack().tenants.b, requestId, route: '/api/entries', status: 200 });
  });

  it('answers 403 with the platform\'s detail at once when the tenant is suspended, its warm connection notwithstanding', async () => {
    // Given tenant A served (a connection to its database open, its datasource cached)
    expect((await api(aliceA, 'GET', '/api/entries')).status).to.equal(200);

    // When A is suspended and the operator has revoked the authenticator's membership in its role
    await patchTenantSpec(stack().env, stack().tenants.a, { suspended: true });
    await waitForTenant(stack().env, stack().tenants.a, 'phase Suspended', (tenant) => tenant?.status?.phase === 'Suspended');

    // Then A's very next request is refused with the platform's reason (SET ROLE refused → datasource refetched),
    // and B is served as before
    const refused = await api(aliceA, 'GET', '/api/entries');
    expect(refused.status).to.equal(403);
    expect(refused.body).to.include({ code: 'TENANT_UNAVAILABLE' });
    expect(refused.body['detail']).to.match(/suspended/);
    expect((await api(hankB, 'GET', '/api/entries')).status).to.equal(200);
  });
});
