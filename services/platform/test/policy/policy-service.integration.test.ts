// The policy engine on a real master database: resolve and check per role, changes taking effect at once,
// spec.admins becoming tenant-admin, invalidation across replicas, and resolve timings hot vs cold.
import { expect } from 'chai';
import pg from 'pg';
import { createTestDatabase, eventually, sharedEnvironment, type Environment, type TestDatabase } from '@tenantry/harness';
import { PlatformError } from '../../src/platform-error.js';
import { createPolicyStack, migrate, type PolicyStack } from '../support/policy-stack.js';

const admin = 'user:admin-sub';

async function failure(promise: Promise<unknown>): Promise<PlatformError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!(error instanceof PlatformError)) throw new Error(`expected a PlatformError, got ${String(error)}`);
  return error;
}

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

describe('policy engine (integration)', function () {
  this.timeout(60_000);
  let env: Environment;
  let database: TestDatabase;
  let stack: PolicyStack;

  before(async () => {
    env = await sharedEnvironment();
    database = await createTestDatabase(env);
    await migrate(database.url);
    stack = await createPolicyStack(database.url, { feed: true });
    const { memberships } = stack;
    await memberships.add(admin, 'acme', { user: 'sub-ada', role: 'tenant-admin' });
    await memberships.add(admin, 'acme', { user: 'sub-eve', role: 'editor' });
    await memberships.add(admin, 'acme', { user: 'sub-vic', role: 'viewer' });
  });

  after(async () => {
    await stack?.close();
    await database?.drop();
  });

  const seeded = [
    { user: 'sub-ada', role: 'tenant-admin', granted: ['entries:read', 'entries:write', 'members:manage'], denied: [] },
    { user: 'sub-eve', role: 'editor', granted: ['entries:read', 'entries:write'], denied: ['members:manage'] },
    { user: 'sub-vic', role: 'viewer', granted: ['entries:read'], denied: ['entries:write', 'members:manage'] },
  ];
  for (const { user, role, granted, denied } of seeded) {
    it(`resolves and checks the seeded role ${role}`, async () => {
      const resolution = await stack.policy.resolve(user, 'acme');
      expect(resolution).to.deep.include({ user, tenant: 'acme', roles: [role], permissions: granted });

      for (const permission of granted) {
        expect(await stack.policy.check(user, 'acme', permission)).to.deep.equal({ allowed: true, reason: `granted by role ${role}` });
      }
      for (const permission of denied) {
        expect(await stack.policy.check(user, 'acme', permission)).to.deep.equal({ allowed: false, reason: `role ${role} does not grant ${permission}` });
      }
    });
  }

  it('denies a user with no membership in the tenant, saying so', async () => {
    expect(await stack.policy.check('sub-ada', 'globex', 'entries:read')).to.deep.equal({ allowed: false, reason: 'no membership in tenant globex' });
    expect(await stack.policy.resolve('sub-stranger', 'acme')).to.deep.include({ roles: [], permissions: [] });
  });

  it('explains that tenants:admin comes from the platform admin group, and refuses to grant it', async () => {
    const check = await stack.policy.check('sub-ada', 'acme', 'tenants:admin');
    expect(check.allowed).to.equal(false);
    expect(check.reason).to.match(/platform-admins group/);

    const error = await failure(stack.policy.grant(admin, 'editor', 'tenants:admin'));
    expect(error).to.include({ kind: 'invalid', code: 'PERMISSION_RESERVED' });
  });

  it('applies a removed grant at once, though the resolution was cached', async () => {
    await stack.policy.createRole(admin, { name: 'reviewer', description: 'Reviews entries', permissions: ['entries:read', 'entries:write'] });
    await stack.memberships.add(admin, 'acme', { user: 'sub-rita', role: 'reviewer' });
    expect((await stack.policy.check('sub-rita', 'acme', 'entries:write')).allowed).to.equal(true);
    expect(stack.cache.get('sub-rita', 'acme')).to.not.equal(undefined);

    await stack.policy.revoke(admin, 'reviewer', 'entries:write');

    expect(await stack.policy.check('sub-rita', 'acme', 'entries:write')).to.deep.equal({ allowed: false, reason: 'role reviewer does not grant entries:write' });
  });

  it('applies a new membership at once, though the empty resolution was cached', async () => {
    expect((await stack.policy.resolve('sub-newcomer', 'acme')).roles).to.deep.equal([]);

    await stack.memberships.add(admin, 'acme', { user: 'sub-newcomer', role: 'viewer' });

    expect((await stack.policy.resolve('sub-newcomer', 'acme')).roles).to.deep.equal(['viewer']);
  });

  it('makes the addresses in a Tenant\'s spec.admins tenant admins once they sign in with that verified e-mail', async () => {
    await stack.memberships.recordUser({ userId: 'sub-known', email: 'known@example.com', emailVerified: true });
    await stack.memberships.syncTenantAdmins('initech', ['Pending.Admin@Example.com', 'known@example.com']);

    expect((await stack.policy.resolve('sub-known', 'initech')).roles).to.deep.equal(['tenant-admin']);
    expect((await stack.policy.resolve('sub-pending', 'initech')).roles).to.deep.equal([]);

    await stack.memberships.recordUser({ userId: 'sub-impostor', email: 'pending.admin@example.com', emailVerified: false });
    expect((await stack.policy.resolve('sub-impostor', 'initech')).roles).to.deep.equal([]);

    await stack.memberships.recordUser({ userId: 'sub-pending', email: 'pending.admin@example.com', emailVerified: true });
    expect(await stack.policy.check('sub-pending', 'initech', 'members:manage')).to.deep.equal({ allowed: true, reason: 'granted by role tenant-admin' });

    await stack.memberships.syncTenantAdmins('initech', ['known@example.com']);
    expect((await stack.policy.resolve('sub-pending', 'initech')).roles).to.deep.equal([]);
    expect((await stack.policy.resolve('sub-known', 'initech')).roles).to.deep.equal(['tenant-admin']);
  });

  it('keeps a user\'s verified e-mail when a later token carries none, so spec.admins adds no duplicate', async () => {
    // Given a tenant admin by spec.admins who signed in with a verified e-mail, and is bound
    await stack.memberships.recordUser({ userId: 'sub-kept', email: 'kept@example.com', emailVerified: true });
    await stack.memberships.syncTenantAdmins('umbrella', ['kept@example.com']);
    expect((await stack.policy.resolve('sub-kept', 'umbrella')).roles).to.deep.equal(['tenant-admin']);

    // When an exchange without an ID token records the user again (a Cognito access token has no e-mail),
    // and the spec changes so that the admins are synchronised again
    await stack.memberships.recordUser({ userId: 'sub-kept', emailVerified: false });
    await stack.memberships.syncTenantAdmins('umbrella', ['kept@example.com', 'other@example.com']);

    // Then the e-mail is still known and verified, and kept@ holds one membership, bound, none pending
    const { rows } = await stack.pool.query<{ email: string; email_verified: boolean }>(
      'SELECT email, email_verified FROM users WHERE user_id = $1', ['sub-kept']);
    expect(rows).to.deep.equal([{ email: 'kept@example.com', email_verified: true }]);
    const kept = (await stack.memberships.list('umbrella')).filter((membership) => membership.email === 'kept@example.com');
    expect(kept.map(({ userId }) => userId)).to.deep.equal(['sub-kept']);
  });

  it('keeps the built-in grants and permissions the services depend on, through the service and in SQL', async () => {
    // The seed's grants and permissions stay, whoever asks
    expect(await failure(stack.policy.revoke(admin, 'viewer', 'entries:read'))).to.include({ kind: 'conflict', code: 'GRANT_BUILTIN' });
    expect(await failure(stack.policy.revoke(admin, 'tenant-admin', 'members:manage'))).to.include({ code: 'GRANT_BUILTIN' });
    await stack.policy.createPermission(admin, { name: 'reports:read', description: 'Read reports' });
    await stack.policy.grant(admin, 'viewer', 'reports:read');
    expect(await failure(stack.policy.deletePermission(admin, 'entries:write'))).to.include({ code: 'PERMISSION_BUILTIN' });
    expect((await stack.policy.resolve('sub-vic', 'acme')).permissions).to.deep.equal(['entries:read', 'reports:read']);
    for (const statement of [
      "DELETE FROM role_permissions WHERE role = 'viewer' AND permission = 'entries:read'",
      "DELETE FROM permissions WHERE name = 'members:manage'",
      "DELETE FROM roles WHERE name = 'editor'",
    ]) {
      const error = await stack.pool.query(statement).then(() => undefined, (caught: unknown) => caught as { message: string });
      expect(error?.message, statement).to.match(/built-in .* cannot be removed/);
    }

    // What was added to a built-in role can be taken away again
    await stack.policy.revoke(admin, 'viewer', 'reports:read');
    await stack.policy.deletePermission(admin, 'reports:read');
    expect((await stack.policy.resolve('sub-vic', 'acme')).permissions).to.deep.equal(['entries:read']);
  });

  it('refuses to remove a membership that comes from spec.admins, and forgets a deleted tenant\'s memberships', async () => {
    await stack.memberships.syncTenantAdmins('hooli', ['gavin@example.com']);
    const [fromSpec] = await stack.memberships.list('hooli');

    const error = await failure(stack.memberships.remove(admin, 'hooli', fromSpec?.id ?? ''));
    expect(error).to.include({ kind: 'conflict', code: 'MEMBERSHIP_MANAGED_BY_TENANT' });

    await stack.memberships.forgetTenant('hooli');
    expect(await stack.memberships.list('hooli')).to.deep.equal([]);
  });

  it('keeps built-in and held roles, and unknown references out', async () => {
    expect(await failure(stack.policy.deleteRole(admin, 'viewer'))).to.include({ code: 'ROLE_BUILTIN' });
    expect(await failure(stack.policy.deleteRole(admin, 'reviewer'))).to.include({ code: 'ROLE_IN_USE' });
    expect(await failure(stack.policy.createRole(admin, { name: 'reviewer', description: '', permissions: [] }))).to.include({ code: 'ROLE_EXISTS' });
    expect(await failure(stack.policy.createRole(admin, { name: 'x', description: '', permissions: ['nope:nope'] }))).to.include({ code: 'PERMISSION_UNKNOWN' });
    expect(await failure(stack.memberships.add(admin, 'acme', { user: 'sub-x', role: 'no-such-role' }))).to.include({ kind: 'invalid', code: 'ROLE_UNKNOWN' });
    expect(await failure(stack.memberships.add(admin, 'acme', { user: 'sub-eve', role: 'editor' }))).to.include({ code: 'MEMBERSHIP_EXISTS' });
    await stack.policy.createPermission(admin, { name: 'audit:read', description: 'Read the audit trail' });
    await stack.policy.grant(admin, 'reviewer', 'audit:read');
    expect(await failure(stack.policy.deletePermission(admin, 'audit:read'))).to.include({ code: 'PERMISSION_IN_USE' });
  });

  it('writes every change to the audit log with its actor', async () => {
    const entries = await stack.policy.listAudit({ limit: 500 });
    const revokes = entries.filter((entry) => entry.action === 'permission.revoked');
    expect(revokes.map((entry) => ({ actor: entry.actor, detail: entry.detail }))).to.deep.include({ actor: admin, detail: { role: 'reviewer', permission: 'entries:write' } });
    expect(entries.map((entry) => Number(entry.id))).to.deep.equal(entries.map((entry) => Number(entry.id)).sort((a, b) => b - a));
    expect(entries.some((entry) => entry.action === 'membership.bound' && entry.actor === 'user:sub-pending')).to.equal(true);
    expect(entries.some((entry) => entry.action === 'membership.added' && entry.actor === 'system:tenant-spec')).to.equal(true);
  });

  it('invalidates another replica\'s cache through LISTEN/NOTIFY', async () => {
    const replica = await createPolicyStack(database.url, { feed: true });
    try {
      expect((await replica.policy.resolve('sub-vic', 'acme')).permissions).to.deep.equal(['entries:read']);
      expect(replica.cache.get('sub-vic', 'acme')).to.not.equal(undefined);

      await stack.policy.grant(admin, 'viewer', 'members:manage');

      await eventually('the replica drops its cached resolution', () => replica.cache.get('sub-vic', 'acme') === undefined, { timeoutMs: 5_000 });
      expect((await replica.policy.resolve('sub-vic', 'acme')).permissions).to.deep.equal(['entries:read', 'members:manage']);
    } finally {
      await stack.policy.revoke(admin, 'viewer', 'members:manage');
      await replica.close();
    }
  });

  it('serves from the database while its LISTEN connection is down, and caches again once it is back', async () => {
    const superuser = new pg.Client({ connectionString: database.url });
    await superuser.connect();
    try {
      await superuser.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`);
      await eventually('the feed notices the lost connection', () => !stack.feed?.listening());
      await stack.policy.resolve('sub-eve', 'acme');
      expect(stack.cache.get('sub-eve', 'acme')).to.equal(undefined);

      await eventually('the feed listens again', () => stack.feed?.listening() === true, { timeoutMs: 10_000 });
      await stack.policy.resolve('sub-eve', 'acme');
      expect(stack.cache.get('sub-eve', 'acme')).to.not.equal(undefined);
    } finally {
      await superuser.end();
    }
  });

  it('measures a resolve call cold (database) and hot (cache)', async () => {
    const rounds = 300;
    const time = async (prepare: () => void): Promise<number[]> => {
      const samples: number[] = [];
      for (let i = 0; i < rounds; i++) {
        prepare();
        const started = process.hrtime.bigint();
        await stack.policy.resolve('sub-ada', 'acme');
        samples.push(Number(process.hrtime.bigint() - started) / 1_000);
      }
      return samples;
    };
    const cold = await time(() => stack.cache.invalidate());
    await stack.policy.resolve('sub-ada', 'acme');
    const hot = await time(() => undefined);

    const line = (label: string, samples: number[]) =>
      `${label}: median ${percentile(samples, 50).toFixed(1)} µs, p95 ${percentile(samples, 95).toFixed(1)} µs`;
    process.stdout.write(`      resolve timings over ${rounds} calls — ${line('cold', cold)}; ${line('hot', hot)}\n`);
    expect(hot).to.have.length(rounds);
  });
});
