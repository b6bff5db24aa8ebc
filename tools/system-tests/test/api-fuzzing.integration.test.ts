// Every HTTP API fuzzed from its own OpenAPI document by schemathesis, with valid credentials: the gateway's public
// API (a member's token), the backend (an internal token), the platform (a platform admin's token, and the service
// token for its internal routes). No answer may be a 5xx, and every answer must match what the document says:
// status, content type, headers and body schema; schema-invalid input must be refused.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { signIn, toolPath, usePlatformStack, users, type NodeService } from '@tenantry/harness';

const run = promisify(execFile);

/**
 * What schemathesis checks. Not `positive_data_acceptance`: some rules are not JSON Schema's to say — an opaque
 * cursor only this API made, a permission that must exist, a member named by subject or e-mail, no U+0000 in any
 * text — so schema-valid input may rightly be refused with a 4xx naming the field. Not `ignored_auth`: tested by
 * the gateway and backend suites with forged and foreign tokens.
 */
const checks = [
  'not_a_server_error', 'status_code_conformance', 'content_type_conformance', 'response_schema_conformance',
  'response_headers_conformance', 'negative_data_rejection', 'missing_required_header', 'unsupported_method',
].join(',');

interface FuzzRun {
  readonly document: string;
  readonly baseUrl: string;
  readonly token: string;
  /** schemathesis's selection flags, e.g. ['--include-path-regex', '^/api']. */
  readonly select: readonly string[];
  /** Values for documented parameters that must not be generated (a tenant header, an ID token). */
  readonly parameters?: Readonly<Record<string, string>>;
}

async function fuzz({ document, baseUrl, token, select, parameters = {} }: FuzzRun): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tenantry-fuzz-'));
  try {
    const config = join(dir, 'schemathesis.toml');
    await writeFile(config, `[parameters]\n${Object.entries(parameters).map(([name, value]) => `${JSON.stringify(name)} = ${JSON.stringify(value)}`).join('\n')}\n`);
    const args = [
      '--config-file', config, 'run', document, '--url', baseUrl, '-H', `Authorization: Bearer ${token}`, '--checks', checks,
      '--max-examples', process.env['TENANTRY_FUZZ_EXAMPLES'] ?? '15', '--seed', '1', '--workers', '1', '--generation-allow-x00', 'true',
      '--request-timeout', '10', '--no-color', ...select,
    ];
    const outcome = await run(toolPath('schemathesis'), args, { cwd: dir, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 })
      .then(({ stdout }) => ({ ok: true, output: stdout }), (error: { stdout?: string; stderr?: string }) => ({ ok: false, output: `${error.stdout ?? ''}${error.stderr ?? ''}` }));
    // Generated bodies can be megabytes long: each line of the report is cut short.
    const failures = outcome.output.slice(outcome.output.indexOf('FAILURES')).split('\n')
      .map((line) => (line.length > 400 ? `${line.slice(0, 400)}…` : line)).join('\n').slice(0, 8_000);
    expect(outcome.ok, `schemathesis found failures:\n${failures}`).to.equal(true);
    return /(\d+) generated/.exec(outcome.output)?.[0] ?? '';
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('every API fuzzed from its own OpenAPI document (schemathesis, integration)', function () {
  this.timeout(600_000);
  const stack = usePlatformStack();
  let backend: NodeService;
  let gateway: NodeService;

  before(async () => {
    backend = await stack().startBackend();
    gateway = await stack().startGateway(backend);
  });

  it('the gateway\'s public API, as a member of the tenant calls it', async () => {
    const alice = await signIn(stack().identityUrl, users.alice.email);
    const generated = await fuzz({
      document: `${gateway.url}/openapi.json`, baseUrl: gateway.url, token: alice.accessToken, select: ['--include-path-regex', '^/api'],
      parameters: { 'X-Tenant-Id': stack().tenants.a, 'X-Id-Token': alice.idToken },
    });
    process.stdout.write(`      gateway /api: ${generated} cases\n`);
  });

  it('the backend, with an internal token of a tenant editor', async () => {
    const generated = await fuzz({
      document: `${backend.url}/openapi.json`, baseUrl: backend.url, token: await stack().token('alice', stack().tenants.a), select: [],
    });
    process.stdout.write(`      backend: ${generated} cases\n`);
  });

  it('the platform\'s user API, as a platform admin (operations that create, suspend or delete tenants aside)', async () => {
    const admin = await signIn(stack().identityUrl, 'admin@tenantry.dev');
    const generated = await fuzz({
      document: `${stack().platform.url}/openapi.json`, baseUrl: stack().platform.url, token: admin.accessToken,
      select: [
        '--exclude-path-regex', '^/(internal|oauth2|\\.well-known)',
        // They would change the suite's own tenants, or make the operator provision random ones.
        ...['createTenant', 'deleteTenant', 'suspendTenant', 'resumeTenant'].flatMap((id) => ['--exclude-operation-id', id]),
      ],
    });
    process.stdout.write(`      platform user API: ${generated} cases\n`);
  });

  it('the platform\'s internal API, with the service token', async () => {
    const generated = await fuzz({
      document: `${stack().platform.url}/openapi.json`, baseUrl: stack().platform.url, token: stack().serviceToken,
      select: ['--include-path-regex', '^/internal'],
    });
    process.stdout.write(`      platform internal API: ${generated} cases\n`);
  });
});
