// /openapi.json of the running service: valid OpenAPI 3.1 that lists every route with its schemas and callers.
import { expect } from 'chai';
import {
  createTestDatabase, installCrds, newServiceToken, sharedEnvironment, startPlatform, type NodeService, type TestDatabase,
} from '@tenantry/harness';
import { startTestIssuer, type TestIssuer } from '../support/test-issuer.js';

interface OpenApiOperation {
  operationId: string;
  security: Record<string, string[]>[];
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
  'POST /v1/tenants/{name}/resume', 'DELETE /v1/tenants/{name}',
  'GET /v1/policy/resolve', 'POST /v1/policy/check',
  'GET /v1/policy/roles', 'POST /v1/policy/roles', 'GET /v1/policy/roles/{role}', 'PATCH /v1/policy/roles/{role}',
  'DELETE /v1/policy/roles/{role}', 'PUT /v1/policy/roles/{role}/permissions/{permission}',
  'DELETE /v1/policy/roles/{role}/permissions/{permission}',
  'GET /v1/policy/permissions', 'POST /v1/policy/permissions', 'DELETE /v1/policy/permissions/{permission}',
  'GET /v1/policy/audit',
  'GET /v1/policy/tenants/{tenant}/memberships', 'POST /v1/policy/tenants/{tenant}/memberships',
  'PATCH /v1/policy/tenants/{tenant}/memberships/{id}', 'DELETE /v1/policy/tenants/{tenant}/memberships/{id}',
  'GET /v1/tenant-events', 'GET /v1/me/tenants',
  'GET /internal/v1/tenants/{name}/datasource',
  'POST /oauth2/token', 'GET /.well-known/jwks.json', 'GET /.well-known/oauth-authorization-server',
  'GET /healthz', 'GET /readyz', 'GET /metrics', 'GET /openapi.json',
];

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
      const concrete = path.replace(/\{[^}]+\}/g, (name) => (name === '{permission}' ? 'entries:read' : name === '{id}' ? '1' : 'acme'));
      const response = await fetch(`${platform.url}${concrete}`, { method });
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
});
