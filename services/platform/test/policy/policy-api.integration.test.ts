// The policy API over HTTP as a real process: who may resolve, check and manage what, and the answers they get.
import { expect } from 'chai';
import {
  call, createTenant, createTestDatabase, deleteTenant, eventually, installCrds, newServiceToken, sharedEnvironment, startPlatform,
  uniqueTenantName, type CallOptions, type Environment, type NodeService, type TestDatabase,
} from '@tenantry/harness';
import { membershipSchema, roleSchema } from '../../src/policy/policy-schemas.js';
import { startTestIssuer, type TestIssuer } from '../support/test-issuer.js';

describe('policy API (integration)', function () {
  this.timeout(90_000);
  let env: Environment;
  let issuer: TestIssuer;
  let database: TestDatabase;
  let platform: NodeService;
  const serviceToken = newServiceToken();
  const tenantA = uniqueTenantName('pa');
  const tenantB = uniqueTenantName('pb');
  const tokens: Record<'admin' | 'manager' | 'editor' | 'outsider', string> = { admin: '', manager: '', editor: '', outsider: '' };

  const api = (method: string, path: string, options: CallOptions = {}) => call(platform.url, method, path, options);

  before(async () => {
    env = await sharedEnvironment();
    await installCrds(env);
    // No operator here: the tenants only need to exist for memberships to refer to them.
    await createTenant(env, tenantA, { admins: ['manager@example.com'] });
    await createTenant(env, tenantB);
    issuer = await startTestIssuer();
    database = await createTestDatabase(env);
    platform = await startPlatform(env, { issuer, databaseUrl: database.url, serviceToken });
    tokens.admin = await issuer.token({ sub: 'sub-admin', groups: ['platform-admins'] });
    tokens.manager = await issuer.token({ sub: 'sub-manager', email: 'manager@example.com' });
    tokens.editor = await issuer.token({ sub: 'sub-editor', email: 'editor@example.com' });
    tokens.outsider = await issuer.token({ sub: 'sub-outsider', email: 'outsider@example.com', groups: ['staff'] });
  });

  after(async () => {
    await platform?.stop();
    await issuer?.stop();
    await database?.drop();
    await Promise.all([tenantA, tenantB].map((name) => deleteTenant(env, name).catch(() => undefined)));
  });

  it('lets a tenant admin from spec.admins manage that tenant\'s members, and no other tenant\'s', async () => {
    // spec.admins reaches the memberships from the platform's Tenant watch, a moment after the Tenant is written
    await eventually('the platform has taken spec.admins of the tenant', async () => {
      const memberships = await api('GET', `/v1/policy/tenants/${tenantA}/memberships`, { token: tokens.admin });
      return JSON.stringify(memberships.body).includes('manager@example.com');
    });
    const added = await api('POST', `/v1/policy/tenants/${tenantA}/memberships`, { token: tokens.manager, body: { user: 'sub-editor', role: 'editor' } });
    expect(added.status, JSON.stringify(added.body)).to.equal(201);
    expect(membershipSchema.parse(added.body)).to.include({ tenant: tenantA, user: 'sub-editor', role: 'editor', pending: false, source: 'api' });

    const listed = await api('GET', `/v1/policy/tenants/${tenantA}/memberships`, { token: tokens.manager });
    expect((listed.body['items'] as { role: string; source: string }[]).map((m) => `${m.role}/${m.source}`)).to.have.members(['tenant-admin/tenant-spec', 'editor/api']);

    const elsewhere = await api('POST', `/v1/policy/tenants/${tenantB}/memberships`, { token: tokens.manager, body: { user: 'sub-editor', role: 'editor' } });
    expect(elsewhere.status).to.equal(403);
    expect(elsewhere.body['detail']).to.equal(`This needs members:manage in tenant ${tenantB}: no membership in tenant ${tenantB}.`);

    const byEditor = await api('POST', `/v1/policy/tenants/${tenantA}/memberships`, { token: tokens.editor, body: { user: 'sub-x', role: 'viewer' } });
    expect(byEditor.status).to.equal(403);
    expect(byEditor.body['detail']).to.match(/role editor does not grant members:manage/);
  });

  it('resolves and checks for services, for the user themselves, and for nobody else', async () => {
    const resolved = await api('GET', `/v1/policy/resolve?user=sub-editor&tenant=${tenantA}`, { token: serviceToken });
    expect(resolved.body).to.deep.equal({ user: 'sub-editor', tenant: tenantA, roles: ['editor'], permissions: ['entries:read', 'entries:write'] });

    const checked = await api('POST', '/v1/policy/check', { token: serviceToken, body: { user: 'sub-editor', tenant: tenantA, permission: 'members:manage' } });
    expect(checked.body).to.deep.equal({ allowed: false, reason: 'role editor does not grant members:manage' });

    const self = await api('POST', '/v1/policy/check', { token: tokens.editor, body: { user: 'sub-editor', tenant: tenantA, permission: 'entries:write' } });
    expect(self.body).to.deep.equal({ allowed: true, reason: 'granted by role editor' });

    const nosy = await api('GET', `/v1/policy/resolve?user=sub-editor&tenant=${tenantA}`, { token: tokens.outsider });
    expect(nosy.status).to.equal(403);
  });

  it('answers a resolve from its cached body until a role change, then with the new role at once', async () => {
    const path = `/v1/policy/resolve?user=sub-cached&tenant=${tenantB}`;
    const added = await api('POST', `/v1/policy/tenants/${tenantB}/memberships`, { token: tokens.admin, body: { user: 'sub-cached', role: 'viewer' } });
    expect(added.status, JSON.stringify(added.body)).to.equal(201);
    const expected = { user: 'sub-cached', tenant: tenantB, roles: ['viewer'], permissions: ['entries:read'] };
    // The first call fills the cache; the second is the serialised answer, byte for byte the declared shape.
    expect((await api('GET', path, { token: serviceToken })).body).to.deep.equal(expected);
    const hot = await api('GET', path, { token: serviceToken });
    expect(hot.status).to.equal(200);
    expect(hot.body).to.deep.equal(expected);

    const changed = await api('PATCH', `/v1/policy/tenants/${tenantB}/memberships/${membershipSchema.parse(added.body).id}`, { token: tokens.admin, body: { role: 'editor' } });
    expect(changed.status, JSON.stringify(changed.body)).to.equal(200);

    expect((await api('GET', path, { token: serviceToken })).body['roles']).to.deep.equal(['editor']);
    expect((await api('GET', path, { token: serviceToken })).body['roles']).to.deep.equal(['editor']);
    const removed = await api('DELETE', `/v1/policy/tenants/${tenantB}/memberships/${membershipSchema.parse(added.body).id}`, { token: tokens.admin });
    expect(removed.status).to.equal(204);
    expect((await api('GET', path, { token: serviceToken })).body['roles']).to.deep.equal([]);
  });

  it('checks the caller on a cached resolve as on a fresh one', async () => {
    const path = `/v1/policy/resolve?user=sub-editor&tenant=${tenantA}`;
    expect((await api('GET', path, { token: serviceToken })).status).to.equal(200);
    expect((await api('GET', path, { token: serviceToken })).status).to.equal(200);

    expect((await api('GET', path, { token: tokens.outsider })).status).to.equal(403);
    expect((await api('GET', path)).status).to.equal(401);
    expect((await api('GET', path, { token: 'not-the-service-token' })).status).to.equal(401);
    const extra = await api('GET', `${path}&user=sub-other`, { token: serviceToken });
    expect(extra.status).to.equal(400);
  });

  it('refuses malformed resolve and check input with 400 naming the field', async () => {
    const resolve = await api('GET', '/v1/policy/resolve?user=sub-editor', { token: serviceToken });
    expect(resolve.status).to.equal(400);
    expect(resolve.body['errors']).to.deep.include({ field: 'tenant', message: 'Invalid input: expected string, received undefined' });

    const check = await api('POST', '/v1/policy/check', { token: serviceToken, body: { user: 'u', tenant: tenantA, permission: 'everything' } });
    expect(check.status).to.equal(400);
    expect((check.body['errors'] as { field: string }[]).map((error) => error.field)).to.deep.equal(['permission']);
  });

  it('binds a membership given by e-mail when that user first signs in', async () => {
    const invited = await api('POST', `/v1/policy/tenants/${tenantB}/memberships`, { token: tokens.admin, body: { email: 'Newcomer@Example.com', role: 'viewer' } });
    expect(invited.body).to.include({ pending: true, user: null });
    const before = await api('GET', `/v1/policy/resolve?user=sub-newcomer&tenant=${tenantB}`, { token: serviceToken });
    expect(before.body['roles']).to.deep.equal([]);

    const newcomer = await issuer.token({ sub: 'sub-newcomer', email: 'newcomer@example.com' });
    const own = await api('GET', `/v1/policy/resolve?user=sub-newcomer&tenant=${tenantB}`, { token: newcomer });

    expect(own.body['roles']).to.deep.equal(['viewer']);
  });

  it('lists a membership given by subject with the e-mail its user has verified, and without one otherwise', async () => {
    // Given the editor, seen with a verified e-mail, and a subject never seen, both given a role by subject
    await api('GET', '/v1/policy/roles', { token: tokens.editor });
    for (const user of ['sub-editor', 'sub-never-seen']) {
      const added = await api('POST', `/v1/policy/tenants/${tenantB}/memberships`, { token: tokens.admin, body: { user, role: 'viewer' } });
      expect(added.status, JSON.stringify(added.body)).to.equal(201);
    }

    const listed = membershipSchema.array().parse((await api('GET', `/v1/policy/tenants/${tenantB}/memberships`, { token: tokens.admin })).body['items']);

    expect(listed.find((membership) => membership.user === 'sub-editor')?.email).to.equal('editor@example.com');
    expect(listed.find((membership) => membership.user === 'sub-never-seen')?.email).to.equal(null);
  });

  it('keeps roles and permissions to platform admins', async () => {
    const refused = await api('POST', '/v1/policy/roles', { token: tokens.manager, body: { name: 'auditor' } });
    expect(refused.status).to.equal(403);

    const created = await api('POST', '/v1/policy/roles', { token: tokens.admin, body: { name: 'auditor', description: 'Reads', permissions: ['entries:read'] } });
    expect(created.status).to.equal(201);
    expect(roleSchema.parse(created.body)).to.deep.equal({ name: 'auditor', description: 'Reads', builtin: false, permissions: ['entries:read'] });

    const reserved = await api('PUT', '/v1/policy/roles/auditor/permissions/tenants:admin', { token: tokens.admin });
    expect(reserved.status).to.equal(422);
    expect(reserved.body).to.include({ code: 'PERMISSION_RESERVED' });
    expect(reserved.body['errors']).to.deep.equal([{ field: 'permission', message: 'tenants:admin cannot be granted to a role' }]);

    const builtin = await api('DELETE', '/v1/policy/roles/viewer', { token: tokens.admin });
    expect(builtin.status).to.equal(409);
    expect(builtin.body).to.include({ code: 'ROLE_BUILTIN', detail: 'Role viewer is built in and cannot be deleted.' });

    expect((await api('DELETE', '/v1/policy/roles/auditor', { token: tokens.admin })).status).to.equal(204);

    const audit = await api('GET', '/v1/policy/audit?limit=5', { token: tokens.admin });
    expect((audit.body['items'] as { action: string; actor: string }[])[0]).to.include({ action: 'role.deleted', actor: 'user:sub-admin' });
  });

  it('changes a member\'s role, refusing a role the user holds already and memberships from spec.admins', async () => {
    const added = await api('POST', `/v1/policy/tenants/${tenantB}/memberships`, { token: tokens.admin, body: { email: 'promoted@example.com', role: 'viewer' } });
    expect(added.status, JSON.stringify(added.body)).to.equal(201);
    const id = membershipSchema.parse(added.body).id;

    const changed = await api('PATCH', `/v1/policy/tenants/${tenantB}/memberships/${id}`, { token: tokens.admin, body: { role: 'editor' } });
    expect(changed.status, JSON.stringify(changed.body)).to.equal(200);
    expect(membershipSchema.parse(changed.body)).to.include({ id, role: 'editor', email: 'promoted@example.com', pending: true });

    const second = await api('POST', `/v1/policy/tenants/${tenantB}/memberships`, { token: tokens.admin, body: { email: 'promoted@example.com', role: 'viewer' } });
    const clash = await api('PATCH', `/v1/policy/tenants/${tenantB}/memberships/${membershipSchema.parse(second.body).id}`, { token: tokens.admin, body: { role: 'editor' } });
    expect(clash.status).to.equal(409);
    expect(clash.body).to.include({ code: 'MEMBERSHIP_EXISTS' });

    const unknownRole = await api('PATCH', `/v1/policy/tenants/${tenantB}/memberships/${id}`, { token: tokens.admin, body: { role: 'overlord' } });
    expect(unknownRole.status).to.equal(422);
    expect(unknownRole.body['errors']).to.deep.equal([{ field: 'role', message: 'unknown role overlord' }]);

    const fromSpec = membershipSchema.array().parse((await api('GET', `/v1/policy/tenants/${tenantA}/memberships`, { token: tokens.admin })).body['items'])
      .find((membership) => membership.source === 'tenant-spec');
    const specChange = await api('PATCH', `/v1/policy/tenants/${tenantA}/memberships/${fromSpec?.id}`, { token: tokens.admin, body: { role: 'viewer' } });
    expect(specChange.status).to.equal(409);
    expect(specChange.body).to.include({ code: 'MEMBERSHIP_MANAGED_BY_TENANT' });

    const byOutsider = await api('PATCH', `/v1/policy/tenants/${tenantB}/memberships/${id}`, { token: tokens.outsider, body: { role: 'viewer' } });
    expect(byOutsider.status).to.equal(403);
  });

  it('refuses to remove a membership that comes from spec.admins', async () => {
    const listed = await api('GET', `/v1/policy/tenants/${tenantA}/memberships`, { token: tokens.admin });
    const fromSpec = (listed.body['items'] as { id: string; source: string }[]).find((m) => m.source === 'tenant-spec');

    const response = await api('DELETE', `/v1/policy/tenants/${tenantA}/memberships/${fromSpec?.id}`, { token: tokens.admin });

    expect(response.status).to.equal(409);
    expect(response.body['detail']).to.match(/spec\.admins of Tenant/);
  });

  it('answers 404 for a membership in a tenant that does not exist', async () => {
    const response = await api('POST', '/v1/policy/tenants/no-such-tenant/memberships', { token: tokens.admin, body: { user: 'u', role: 'viewer' } });
    expect(response.status).to.equal(404);
    expect(response.body).to.include({ code: 'TENANT_NOT_FOUND' });
  });
});
