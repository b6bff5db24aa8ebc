// The policy SQL against a fresh master database on the harness PostgreSQL.
import { expect } from 'chai';
import pg from 'pg';
import { createTestDatabase, sharedEnvironment, type TestDatabase } from '@tenantry/harness';
import { createMembershipRepository, type MembershipRepository } from '../../src/policy/membership-repository.js';
import { createPolicyRepository, type PolicyRepository } from '../../src/policy/policy-repository.js';
import { migrate } from '../support/policy-stack.js';

describe('policy repositories (integration)', function () {
  this.timeout(60_000);
  let database: TestDatabase;
  let pool: pg.Pool;
  let policy: PolicyRepository;
  let memberships: MembershipRepository;

  before(async () => {
    database = await createTestDatabase(await sharedEnvironment());
    await migrate(database.url);
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
    policy = createPolicyRepository(pool);
    memberships = createMembershipRepository(pool);
  });

  after(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('seeds the built-in roles with their permissions, and migrating again applies nothing', async () => {
    const roles = await policy.listRoles();

    expect(roles.map(({ name, builtin, permissions }) => ({ name, builtin, permissions }))).to.deep.equal([
      { name: 'editor', builtin: true, permissions: ['entries:read', 'entries:write'] },
      { name: 'tenant-admin', builtin: true, permissions: ['entries:read', 'entries:write', 'members:manage'] },
      { name: 'viewer', builtin: true, permissions: ['entries:read'] },
    ]);
    expect((await policy.findPermission('tenants:admin'))?.roles).to.deep.equal([]);
    expect(await migrate(database.url)).to.deep.equal([]);
  });

  it('refuses to grant tenants:admin to a role, whatever the caller', async () => {
    const error = await policy.grant('viewer', 'tenants:admin').catch((failure: unknown) => failure);
    expect((error as { code?: string }).code).to.equal('23514');
  });

  it('resolves grants through memberships bound to the subject only', async () => {
    await memberships.insertForUser({ userId: 'sub-grace', email: undefined, tenant: 'acme', role: 'editor', source: 'api' });
    await memberships.insertForUser({ userId: 'sub-grace', email: undefined, tenant: 'acme', role: 'viewer', source: 'api' });
    await memberships.insertForEmails({ emails: ['nobody-yet@example.com'], tenant: 'acme', role: 'tenant-admin', source: 'api' });

    const grants = await policy.grantsOf('sub-grace', 'acme');

    expect(grants.map((g) => `${g.role}/${g.permission}`).sort()).to.deep.equal([
      'editor/entries:read', 'editor/entries:write', 'viewer/entries:read',
    ]);
    expect(await policy.grantsOf('sub-grace', 'globex')).to.deep.equal([]);
  });

  it('skips a duplicate membership, by subject or by e-mail in any case', async () => {
    const again = await memberships.insertForUser({ userId: 'sub-grace', email: undefined, tenant: 'acme', role: 'editor', source: 'api' });
    const pendingAgain = await memberships.insertForEmails({ emails: ['NOBODY-YET@example.com'], tenant: 'acme', role: 'tenant-admin', source: 'tenant-spec' });

    expect(again).to.equal(undefined);
    expect(pendingAgain).to.deep.equal([]);
  });

  it('binds an e-mail membership at once to the one user who verified that e-mail', async () => {
    await memberships.upsertUser({ userId: 'sub-linus', email: 'Linus@Example.com', emailVerified: true });
    await memberships.upsertUser({ userId: 'sub-twin-1', email: 'twin@example.com', emailVerified: true });
    await memberships.upsertUser({ userId: 'sub-twin-2', email: 'twin@example.com', emailVerified: true });
    await memberships.upsertUser({ userId: 'sub-unverified', email: 'claimed@example.com', emailVerified: false });

    const rows = await memberships.insertForEmails({
      emails: ['linus@example.com', 'twin@example.com', 'claimed@example.com'], tenant: 'initech', role: 'viewer', source: 'api',
    });

    const byEmail = Object.fromEntries(rows.map((row): [string, string | null] => [row.email ?? '', row.userId]));
    expect(byEmail).to.deep.equal({ 'linus@example.com': 'sub-linus', 'twin@example.com': null, 'claimed@example.com': null });
  });

  it('gives pending memberships to the subject, dropping those it already holds', async () => {
    await memberships.insertForEmails({ emails: ['margaret@example.com'], tenant: 'acme', role: 'viewer', source: 'api' });
    await memberships.insertForEmails({ emails: ['margaret@example.com'], tenant: 'globex', role: 'editor', source: 'api' });
    await memberships.insertForUser({ userId: 'sub-margaret', email: undefined, tenant: 'acme', role: 'viewer', source: 'api' });

    const dropped = await memberships.deletePendingDuplicates('sub-margaret', 'Margaret@example.com');
    const bound = await memberships.bindPending('sub-margaret', 'Margaret@example.com');

    expect(dropped).to.equal(1);
    expect(bound.map((row) => [row.tenant, row.role, row.userId])).to.deep.equal([['globex', 'editor', 'sub-margaret']]);
    expect((await policy.grantsOf('sub-margaret', 'globex')).map((g) => g.permission).sort()).to.deep.equal(['entries:read', 'entries:write']);
  });

  it('removes the spec memberships no longer listed, and leaves hand-made ones alone', async () => {
    await memberships.insertForEmails({ emails: ['a@example.com', 'b@example.com'], tenant: 'umbrella', role: 'tenant-admin', source: 'tenant-spec' });
    await memberships.insertForEmails({ emails: ['c@example.com'], tenant: 'umbrella', role: 'tenant-admin', source: 'api' });

    const removed = await memberships.deleteFromSpecExcept('umbrella', 'tenant-admin', ['a@example.com']);

    expect(removed.map((row) => row.email)).to.deep.equal(['b@example.com']);
    expect((await memberships.listByTenant('umbrella')).map((row) => row.email)).to.deep.equal(['a@example.com', 'c@example.com']);
  });

  it('pages the audit log newest first', async () => {
    for (const action of ['one', 'two', 'three']) await policy.appendAudit({ actor: 'user:test', action, detail: { n: action } });

    const newest = await policy.listAudit({ limit: 2 });
    const older = await policy.listAudit({ limit: 2, before: newest[1]?.id ?? '' });

    expect(newest.map((entry) => entry.action)).to.deep.equal(['three', 'two']);
    expect(older.map((entry) => entry.action)).to.deep.equal(['one']);
    expect(newest[0]?.detail).to.deep.equal({ n: 'three' });
  });

  it('orders the audit log by number past nine entries, not by the text of the id', async () => {
    for (let n = 0; n < 12; n++) await policy.appendAudit({ actor: 'user:test', action: `step-${n}`, detail: {} });

    const newest = await policy.listAudit({ limit: 3 });

    expect(newest.map((entry) => entry.action)).to.deep.equal(['step-11', 'step-10', 'step-9']);
  });
});
