// The gateway's /openapi.json describes what clients really call: a valid OpenAPI document (judged by
// openapi-spec-validator), with the caller's own token, the tenant headers and every answer the gateway adds,
// none of the platform's internal surface, and requests made only from what it says are answered as it says.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { signIn, toolPath, usePlatformStack, users, type NodeService } from '@tenantry/harness';

const run = promisify(execFile);

interface Operation {
  operationId: string;
  security: Record<string, string[]>[];
  'x-tenantry-access'?: string;
  parameters?: Array<{ $ref?: string; name?: string; in?: string; required?: boolean }>;
  responses: Record<string, { content?: Record<string, { schema: unknown }>; headers?: Record<string, unknown> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { parameters: Record<string, { name: string; in: string; required: boolean }>; schemas: Record<string, unknown> };
}

describe('the public API document served by the gateway (integration)', function () {
  this.timeout(180_000);
  const stack = usePlatformStack();
  let gateway: NodeService;
  let document: Document;

  before(async () => {
    const backend = await stack().startBackend();
    gateway = await stack().startGateway(backend);
    const response = await fetch(`${gateway.url}/openapi.json`);
    expect(response.status).to.equal(200);
    document = await response.json() as Document;
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tenantry-openapi-'));
    try {
      await writeFile(join(dir, 'openapi.json'), JSON.stringify(document));
      const { stdout } = await run(toolPath('openapi-spec-validator'), [join(dir, 'openapi.json')]);
      expect(stdout).to.include('OK');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('documents the entries API as called from outside: access token, X-Tenant-Id, and the gateway\'s answers', () => {
    const list = document.paths['/api/entries']?.['get'];
    expect(list?.operationId).to.equal('listEntries');
    expect(list?.security).to.deep.equal([{ accessToken: [] }]);
    const headers = (list?.parameters ?? []).map((parameter) => parameter.$ref === undefined ? parameter : document.components.parameters[parameter.$ref.split('/').pop()!]);
    expect(headers).to.deep.include({ ...document.components.parameters['TenantId'], name: 'X-Tenant-Id', in: 'header', required: true });
    expect(headers.map((header) => header?.name)).to.include('X-Id-Token');
    for (const status of ['401', '403', '404', '429', '502', '503']) expect(list?.responses, status).to.have.property(status);
    expect(list?.responses['429']?.headers).to.have.property('Retry-After');
    expect(list?.responses['503']?.headers).to.have.property('Retry-After');
  });

  it('offers the platform\'s user operations under /platform, and nothing of its internal surface', () => {
    const paths = Object.keys(document.paths);
    expect(paths).to.include('/platform/v1/tenants');
    expect(paths.filter((path) => /internal|oauth2|well-known|metrics|healthz|readyz/.test(path)), 'internal or infrastructure paths').to.deep.equal([]);
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        expect(operation.security, `${method} ${path}`).to.deep.equal([{ accessToken: [] }]);
      }
    }
    // Who may call each platform operation stays as the platform declares it
    expect(document.paths['/platform/v1/tenants']?.['post']?.['x-tenantry-access']).to.equal('platform-admin');
    expect(document.paths['/platform/v1/policy/tenants/{tenant}/memberships']?.['get']?.['x-tenantry-access']).to.equal('tenant-members-manager');
    expect(document.paths['/platform/v1/me/tenants']?.['get']?.['x-tenantry-access']).to.equal('user');
  });

  it('answers requests built only from the document with the statuses and bodies it documents', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    for (const [name, schema] of Object.entries(document.components.schemas)) ajv.addSchema(schema as object, `#/components/schemas/${name}`);
    const { accessToken } = await signIn(stack().identityUrl, users.alice.email);
    const tenantHeader = document.components.parameters['TenantId']!.name;
    const calls: Array<{ path: string; method: string; tenant?: string; token?: string }> = [
      { path: '/api/entries', method: 'get', tenant: stack().tenants.a, token: accessToken },
      { path: '/api/entries', method: 'get', tenant: stack().tenants.b, token: accessToken },
      { path: '/api/entries', method: 'get', tenant: stack().tenants.a },
      { path: '/platform/v1/policy/permissions', method: 'get', token: accessToken },
    ];
    for (const call of calls) {
      const response = await fetch(`${gateway.url}${call.path}`, {
        method: call.method.toUpperCase(),
        headers: { ...(call.token === undefined ? {} : { authorization: `Bearer ${call.token}` }), ...(call.tenant === undefined ? {} : { [tenantHeader]: call.tenant }) },
      });
      const documented = document.paths[call.path]?.[call.method]?.responses[String(response.status)];
      expect(documented, `${call.method} ${call.path} answered ${response.status}, which it does not document`).to.not.equal(undefined);
      const [mediaType, content] = Object.entries(documented?.content ?? {})[0] ?? [];
      if (content === undefined) continue;
      expect(response.headers.get('content-type')).to.include(mediaType);
      const validate = ajv.compile(content.schema as object);
      const body: unknown = await response.json();
      expect(validate(body), `${call.method} ${call.path} ${response.status}: ${ajv.errorsText(validate.errors)}`).to.equal(true);
    }
  });
});
