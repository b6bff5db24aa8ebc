// The platform's operation router enforces each operation's declared access level, on a real Express app and port,
// with the real AccessControl and an Authenticator that names callers by their bearer token.
import { Writable } from 'node:stream';
import { expect } from 'chai';
import express from 'express';
import { z } from 'zod';
import { createLogger, problemHandler, startHttpServer, unauthorized, type RunningServer } from '@tenantry/runtime';
import { createAccessControl } from '../../src/auth/access-control.js';
import type { Authenticator, Caller } from '../../src/auth/authentication.js';
import { createApiCatalog, createApiRouter, type ApiRouterOptions } from '../../src/http/api-operations.js';

const user = (subject: string, groups: string[] = []): Caller => ({
  kind: 'user',
  principal: { subject, groups, clientId: 'web', emailVerified: false, scopes: [], expiresAt: new Date(Date.now() + 60_000), tokenId: subject },
});
const callers: Record<string, Caller> = {
  admin: user('sub-admin', ['platform-admins']),
  manager: user('sub-manager'),
  staff: user('sub-staff', ['staff']),
  service: { kind: 'service', identity: { service: 'backend' } },
};

const authenticator: Authenticator = {
  authenticate: (authorization) => {
    const caller = callers[authorization?.replace(/^Bearer /, '') ?? ''];
    if (caller === undefined) throw unauthorized('A bearer token is required.');
    return Promise.resolve(caller);
  },
};

describe('platform operation access', () => {
  let server: RunningServer;
  const checked: string[] = [];

  before(async () => {
    const accessControl = createAccessControl({
      adminGroup: 'platform-admins',
      policy: {
        check: (subject, tenant, permission) => {
          checked.push(`${subject} ${tenant} ${permission}`);
          return Promise.resolve({ allowed: subject === 'sub-manager' && tenant === 'acme', reason: 'test' });
        },
      },
    });
    const http: ApiRouterOptions = { authenticator, accessControl, catalog: createApiCatalog() };
    const api = createApiRouter(http);
    const ok = { status: 200, description: 'OK', schema: z.object({ caller: z.string() }) };
    api.add({
      operationId: 'adminOnly', method: 'post', path: '/admin', tag: 'test', access: 'platform-admin', summary: 'Admins',
      body: z.strictObject({ name: z.string() }), success: ok, problems: [],
    }, ({ caller }) => Promise.resolve({ caller: caller.kind }));
    api.add({
      operationId: 'managers', method: 'get', path: '/tenants/:tenant/members', tag: 'test', access: 'tenant-members-manager',
      summary: 'Managers', params: z.object({ tenant: z.string().regex(/^[a-z]+$/) }), success: ok, problems: [],
    }, ({ caller }) => Promise.resolve({ caller: caller.kind }));
    const app = express();
    app.use(express.json());
    app.use(api.router);
    const logger = createLogger({ service: 'access-test', stream: new Writable({ write: (_chunk, _encoding, done) => done() }) });
    app.use(problemHandler(logger));
    server = await startHttpServer({ app, port: 0, host: '127.0.0.1', logger });
  });

  after(async () => {
    await server?.close();
  });

  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: await response.json() as Record<string, unknown> };
  };

  it('lets a platform admin call a platform-admin operation', async () => {
    expect(await call('POST', '/admin', 'admin', { name: 'x' })).to.deep.equal({ status: 200, body: { caller: 'user' } });
  });

  it('refuses anyone else with 403 ACCESS_DENIED before looking at the input', async () => {
    for (const token of ['staff', 'manager', 'service']) {
      const refused = await call('POST', '/admin', token, { unexpected: true });
      expect(refused.status, token).to.equal(403);
      expect(refused.body, token).to.include({ code: 'ACCESS_DENIED', detail: 'This operation is reserved for members of the platform-admins group.' });
    }
  });

  it('checks members:manage in the validated path tenant for a tenant-members-manager operation', async () => {
    checked.length = 0;
    expect((await call('GET', '/tenants/acme/members', 'manager')).status).to.equal(200);
    expect((await call('GET', '/tenants/other/members', 'manager')).status).to.equal(403);
    expect((await call('GET', '/tenants/other/members', 'admin')).status, 'platform admins pass').to.equal(200);
    expect((await call('GET', '/tenants/Not-Valid/members', 'manager')).status, 'the path is validated first').to.equal(400);
    expect(checked).to.deep.equal(['sub-manager acme members:manage', 'sub-manager other members:manage']);
  });

  it('refuses to declare a tenant-members-manager operation without a :tenant path parameter', () => {
    const accessControl = createAccessControl({ adminGroup: 'a', policy: { check: () => Promise.reject(new Error('unused')) } });
    const api = createApiRouter({ authenticator, accessControl, catalog: createApiCatalog() });
    expect(() => api.add({
      operationId: 'broken', method: 'get', path: '/members', tag: 'test', access: 'tenant-members-manager', summary: 'Broken',
      success: { status: 204, description: 'None' }, problems: [],
    }, () => Promise.resolve())).to.throw(/broken declares tenant-members-manager access but no :tenant path parameter/);
  });
});
