// /openapi.json of the running service: valid OpenAPI 3.1 that lists every route with its schemas and callers.
import { expect } from 'chai';
import {
  createTestDatabase, installCrds, newServiceToken, sharedEnvironment, startPlatform, type NodeService, type TestDatabase,
} from '@tenantry/harness';
import { startTestIssuer, type TestIssuer } from '../support/test-issuer.js';

interface OpenApiOperation {
  operationId: string;
  description?: string;
  security: Record<string, string[]>[];
  'x-tenantry-access'?: string;
  parameters?: { name: string; in: string; required: boolean }[];
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

const expectedRoutes = [
  'POST /v1/tenants', 'GET /v1/tenants', 'GET /v1/tenants/{name}', 'POST /v1/tenants/{name}/suspend',
  'POST /v1/tenants/{name}/resume', 'POST /v1/tenants/{name}/rotate-credentials', 'DELETE /v1/tenants/{name}',
  'GET /v1/policy/resolve', 'POST /v1/policy/check',
  'GET /v1/policy/roles', 'POST /v1/policy/roles', 'GET /v1/policy/roles/{role}', 'PATCH /v1/policy/roles/{role}',
  'DELETE /v1/policy/roles/{role}', 'PUT /v1/policy/roles/{role}/permissions/{permission}',
  'DELETE /v1/policy/roles/{role}/permissions/{permission}',
  'GET /v1/policy/permissions', 'POST /v1/policy/permissions', 'DELETE /v1/policy/permissions/{permission}',
  'GET /v1/policy/audit',
  'GET /v1/policy/tenants/{tenant}/memberships', 'POST /v1/policy/tenants/{tenant}/memberships',
  'PATCH /v1/policy/tenants/{tenant}/memberships/{id}', 'DELETE /v1/policy/tenants/{tenant}/memberships/{id}',
  'GET /v1/tenant-events', 'GET /v1/me/tenants',
  'GET /v1/webhooks/subscriptions', 'POST /v1/webhooks/subscriptions', 'DELETE /v1/webhooks/subscriptions/{id}',
  'GET /v1/webhooks/deliveries', 'GET /v1/webhooks/deliveries/{id}/attempts', 'POST /v1/webhooks/deliveries/{id}/redeliver',
  'GET /internal/v1/tenants/{name}/datasource',
  'POST /oauth2/token', 'GET /.well-known/jwks.json', 'GET /.well-known/oauth-authorization-server',
  'GET /healthz', 'GET /readyz', 'GET /metrics', 'GET /openapi.json',
];

const infrastructure = ['GET /healthz', 'GET /readyz', 'GET /metrics', 'GET /openapi.json'];

/** Who may call each operation, as its declaration says. */
const expectedAccess: Record<string, string> = {
  'POST /v1/tenants': 'platform-admin', 'GET /v1/tenants': 'platform-admin', 'GET /v1/tenants/{name}': 'platform-admin',
  'POST /v1/tenants/{name}/suspend': 'platform-admin', 'POST /v1/tenants/{name}/resume': 'platform-admin',
  'POST /v1/tenants/{name}/rotate-credentials': 'platform-admin',
  'DELETE /v1/tenants/{name}': 'platform-admin', 'GET /v1/tenant-events': 'platform-admin',
  'GET /v1/policy/resolve': 'user-or-service', 'POST /v1/policy/check': 'user-or-service',
  'GET /v1/policy/roles': 'user', 'POST /v1/policy/roles': 'platform-admin', 'GET /v1/policy/roles/{role}': 'user',
  'PATCH /v1/policy/roles/{role}': 'platform-admin', 'DELETE /v1/policy/roles/{role}': 'platform-admin',
  'PUT /v1/policy/roles/{role}/permissions/{permission}': 'platform-admin',
  'DELETE /v1/policy/roles/{role}/permissions/{permission}': 'platform-admin',
  'GET /v1/policy/permissions': 'user', 'POST /v1/policy/permissions': 'platform-admin',
  'DELETE /v1/policy/permissions/{permission}': 'platform-admin', 'GET /v1/policy/audit': 'platform-admin',
  'GET /v1/policy/tenants/{tenant}/memberships': 'tenant-members-manager', 'POST /v1/policy/tenants/{tenant}/memberships': 'tenant-members-manager',
  'PATCH /v1/policy/tenants/{tenant}/memberships/{id}': 'tenant-members-manager',
  'DELETE /v1/policy/tenants/{tenant}/memberships/{id}': 'tenant-members-manager',
  'GET /v1/me/tenants': 'user',
  'GET /v1/webhooks/subscriptions': 'platform-admin', 'POST /v1/webhooks/subscriptions': 'platform-admin',
  'DELETE /v1/webhooks/subscriptions/{id}': 'platform-admin', 'GET /v1/webhooks/deliveries': 'platform-admin',
  'GET /v1/webhooks/deliveries/{id}/attempts': 'platform-admin', 'POST /v1/webhooks/deliveries/{id}/redeliver': 'platform-admin',
  'GET /internal/v1/tenants/{name}/datasource': 'service',
  'POST /oauth2/token': 'client', 'GET /.well-known/jwks.json': 'none', 'GET /.well-known/oauth-authorization-server': 'none',
};

/** A concrete path for a documented one. */
const concretePath = (path: string) => path.replace(/\{[^}]+\}/g, (name) => (name === '{permission}' ? 'entries:read' : name === '{id}' ? '1' : 'acme'));

describe('OpenAPI document (integration)', function () {
  this.timeout(60_000);
  let issuer: TestIssuer;
  let database: TestDatabase;
  let platform: NodeService;
  let document: OpenApiDocument;

  before(async () => {
    const env = await sharedEnvironment();
    await installCrds(env);
    issuer = await startTestIssuer();
    database = await createTestDatabase(env);
    platform = await startPlatform(env, { issuer, databaseUrl: database.url, serviceToken: newServiceToken() });
    const response = await fetch(`${platform.url}/openapi.json`);
    expect(response.headers.get('content-type')).to.match(/^application\/json/);
    document = JSON.parse(await response.text()) as OpenApiDocument;
  });

  after(async () => {
    await platform?.stop();
    await issuer?.stop();
    await database?.drop();
  });

  it('is an OpenAPI 3.1 document listing every route, and only those', () => {
    expect(document.openapi).to.equal('3.1.0');
    const routes = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    expect(routes).to.have.members(expectedRoutes);
  });

  it('answers every documented route: nothing documented is missing from the server', async () => {
    for (const route of expectedRoutes) {
      const [method = '', path = ''] = route.split(' ');
      const response = await fetch(`${platform.url}${concretePath(path)}`, { method });
      // Unauthenticated calls end in 401, 404 (unknown tenant) or 200; only an unmatched route says ROUTE_NOT_FOUND.
      const problem = response.status === 404 ? await response.json() as { code?: string } : {};
      expect(problem.code, route).to.not.equal('ROUTE_NOT_FOUND');
    }
  });

  it('describes bodies, parameters, problems and callers from the validation schemas', () => {
    const create = document.paths['/v1/tenants']?.['post'];
    const body = create?.requestBody?.content['application/json']?.schema;
    expect(body?.required).to.have.members(['name', 'displayName']);
    expect(Object.keys(body?.properties ?? {})).to.include.members(['name', 'displayName', 'tier', 'plan', 'admins', 'deletionPolicy']);
    expect(create?.responses['409']?.content).to.have.property('application/problem+json');
    expect(create?.security).to.deep.equal([{ userToken: [] }]);

    const resolve = document.paths['/v1/policy/resolve']?.['get'];
    expect(resolve?.parameters?.map((p) => `${p.in}:${p.name}:${p.required}`)).to.have.members(['query:user:true', 'query:tenant:true']);
    expect(resolve?.security).to.deep.equal([{ userToken: [] }, { serviceToken: [] }]);

    const datasource = document.paths['/internal/v1/tenants/{name}/datasource']?.['get'];
    expect(datasource?.security).to.deep.equal([{ serviceToken: [] }]);
    expect(Object.keys(datasource?.responses ?? {})).to.include.members(['200', '401', '404', '409', '503']);
    expect(document.components.schemas).to.have.property('Problem');

    const events = document.paths['/v1/tenant-events']?.['get'];
    expect(events?.responses['200']?.content).to.have.property('text/event-stream');
    expect(events?.parameters?.map((p) => `${p.in}:${p.name}:${p.required}`)).to.deep.equal(['header:Last-Event-ID:false']);
  });

  it('describes the token endpoint in OAuth\'s terms: a form, client authentication, RFC 6749 errors', () => {
    const token = document.paths['/oauth2/token']?.['post'];
    const form = token?.requestBody?.content['application/x-www-form-urlencoded']?.schema;
    expect(form?.required).to.have.members(['grant_type', 'subject_token', 'subject_token_type']);
    expect(Object.keys(form?.properties ?? {})).to.include.members(['audience', 'resource', 'tenant', 'id_token']);
    expect(token?.security).to.deep.equal([{ exchangeClient: [] }]);
    expect(document.components.securitySchemes['exchangeClient']).to.include({ type: 'http', scheme: 'basic' });
    expect(Object.keys(token?.responses ?? {})).to.include.members(['200', '400', '401', '503']);
    expect(token?.responses['400']?.content).to.have.property('application/json');

    const jwks = document.paths['/.well-known/jwks.json']?.['get'];
    expect(jwks?.security).to.deep.equal([]);
    expect(Object.keys(jwks?.responses ?? {})).to.have.members(['200', '500']);
    expect(jwks?.responses['200']?.content).to.have.property('application/jwk-set+json');
  });

  it('names who may call each operation: x-tenantry-access, the security requirement, and a sentence for the restricted ones', () => {
    const declared = Object.fromEntries(Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => [`${method.toUpperCase()} ${path}`, operation['x-tenantry-access']])));
    expect(declared).to.deep.equal({ ...expectedAccess, ...Object.fromEntries(infrastructure.map((route) => [route, undefined])) });

    for (const [route, access] of Object.entries(expectedAccess)) {
      const [method = '', path = ''] = route.split(' ');
      const operation = document.paths[path]?.[method.toLowerCase()];
      if (access === 'platform-admin' || access === 'tenant-members-manager') {
        expect(operation?.security, route).to.deep.equal([{ userToken: [] }]);
        expect(operation?.responses['403']?.content, route).to.have.property('application/problem+json');
        expect(operation?.description, route).to.include(access === 'platform-admin' ? 'Only platform admins' : 'members:manage');
      }
    }
  });

  it('refuses a signed-in user outside the platform admins on every platform-admin operation with the 403 it always gave', async () => {
    // Given a user whose token is valid but who is not in the platform admin group
    const token = await issuer.token({ sub: 'sub-staff', groups: ['staff'] });
    const adminOnly = Object.entries(expectedAccess).filter(([, access]) => access === 'platform-admin').map(([route]) => route);
    expect(adminOnly).to.have.length(22);

    for (const route of adminOnly) {
      const [method = '', path = ''] = route.split(' ');
      // When they call it, with or without a body: the refusal does not depend on the input
      const response = await fetch(`${platform.url}${concretePath(path)}`, { method, headers: { authorization: `Bearer ${token}` } });

      // Then the same problem as when each router checked by hand
      expect(response.status, route).to.equal(403);
      expect(response.headers.get('content-type'), route).to.match(/^application\/problem\+json/);
      expect(await response.json(), route).to.include({
        status: 403, code: 'ACCESS_DENIED', detail: 'This operation is reserved for members of the platform-admins group.',
      });
    }
  });
});
