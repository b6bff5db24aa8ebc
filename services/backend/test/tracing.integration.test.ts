// Traces across real processes exporting to an OTLP receiver the test runs: one request through the gateway is
// one trace over gateway, platform and backend (spans and log lines alike), and each reconcile of the operator
// is one trace with a span per phase and the Kubernetes and SQL calls inside them.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { eventually, signIn, usePlatformStack, users, useTraceCollector, type NodeService, type ReceivedSpan } from '@tenantry/harness';

type LogLine = Record<string, unknown>;

const SERVER = 2;
const CLIENT = 3;
const PG_SCOPE = '@opentelemetry/instrumentation-pg';

describe('tracing across processes (integration: gateway, platform, backend, operator → OTLP receiver)', function () {
  this.timeout(180_000);
  // Registered first: its before hook runs before the stack's, whose processes read its address.
  const collector = useTraceCollector();
  const stack = usePlatformStack({ processEnv: () => collector().env() });
  let backend: NodeService;
  let gateway: NodeService;

  before(async () => {
    backend = await stack().startBackend();
    gateway = await stack().startGateway(backend, collector().env());
  });

  it('makes one request through the gateway one trace in the spans and log lines of gateway, platform and backend', async () => {
    const tenant = stack().tenants.a;
    const { accessToken } = await signIn(stack().identityUrl, users.alice.email);

    // When alice creates an entry through a gateway and a backend that have cached nothing yet (so the request
    // also exchanges her token at the platform, and the backend asks the platform for the tenant's datasource)
    const response = await fetch(`${gateway.url}/api/entries`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'x-tenant-id': tenant, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'traced entry' }),
    });
    expect(response.status, await response.clone().text()).to.equal(201);
    const requestId = response.headers.get('x-request-id');

    // Then the gateway's access line names the trace and the tenant
    const gatewayAccess = await eventually('the gateway writes the access line of the request', () =>
      logLines(gateway).find((line) => line.message === 'request completed' && line.requestId === requestId));
    expect(gatewayAccess).to.include({ tenantId: tenant, status: 201 });
    const traceId = gatewayAccess.traceId as string;
    expect(traceId).to.match(/^[0-9a-f]{32}$/);

    // And the platform (token exchange, the backend's key and datasource lookups) and the backend log that same
    // trace, every line about the tenant naming it
    const tenantRoutes = ['/oauth2/token', '/internal/v1/tenants/:name/datasource'];
    const platformAccess = await accessLinesOf(stack().platform, traceId, 3);
    expect(platformAccess.map((line) => line.route)).to.have.members([...tenantRoutes, '/.well-known/jwks.json']);
    const backendAccess = await accessLinesOf(backend, traceId, 1);
    for (const line of [...platformAccess.filter((line) => tenantRoutes.includes(line.route as string)), ...backendAccess]) {
      expect(line, JSON.stringify(line)).to.include({ tenantId: tenant, traceId });
      expect(line.spanId).to.match(/^[0-9a-f]{16}$/);
    }

    // And the spans the three services exported form one tree: one root, every parent inside the trace
    const spans = await eventually('the spans of gateway, platform and backend arrive, every parent among them', () => {
      const received = collector().trace(traceId);
      const services = new Set(received.map((span) => span.service));
      const complete = ['gateway', 'platform', 'backend'].every((service) => services.has(service)) && orphansOf(received).length === 0
        && received.some((span) => span.scope === PG_SCOPE);
      return complete ? received : undefined;
    });
    const roots = spans.filter((span) => span.parentSpanId === undefined);
    expect(roots.map(describeSpan)).to.have.length(1);
    expect(roots[0]).to.include({ service: 'gateway', kind: SERVER });
    // And each service marks its part of the trace with the tenant, so traces can be searched by tenant
    for (const service of ['gateway', 'platform', 'backend']) {
      const marked = spans.filter((span) => span.service === service && span.attributes['tenantry.tenant'] === tenant);
      expect(marked, `${service} spans naming ${tenant}`).to.not.be.empty;
    }
    // And the backend's SQL runs under the backend's handling of the request, itself under the gateway's call
    const query = spans.find((span) => span.scope === PG_SCOPE && span.service === 'backend' && span.name.startsWith('pg.query'));
    expect(query, spans.map(describeSpan).join('\n')).to.not.equal(undefined);
    const chain = ancestorsOf(query!, spans);
    expect(chain.some((span) => span.service === 'backend' && span.kind === SERVER)).to.equal(true);
    expect(chain.some((span) => span.service === 'gateway' && span.kind === CLIENT)).to.equal(true);
    // And the platform's server spans are children of the callers' client spans: the context crossed the wire
    for (const platformServer of spans.filter((span) => span.service === 'platform' && span.kind === SERVER)) {
      const parent = spans.find((span) => span.spanId === platformServer.parentSpanId);
      expect(parent, describeSpan(platformServer)).to.include({ kind: CLIENT });
      expect(['gateway', 'backend']).to.include(parent!.service);
    }
  });

  it('makes each reconcile one trace: a root span per Tenant pass, a span per phase, Kubernetes and SQL calls inside', async () => {
    const tenant = stack().tenants.a;
    // Given the operator provisioned tenant A while exporting its traces: the pass that ran the migrations
    const pass = await eventually(`a complete reconcile trace of ${tenant} with a migrations phase arrives`, () => {
      const root = collector().spans().find((span) => span.service === 'operator' && span.name === 'reconcile Tenant'
        && span.attributes['tenantry.tenant'] === tenant && hasDescendant(span, 'migrations'));
      const received = root === undefined ? [] : collector().trace(root.traceId);
      return root !== undefined && orphansOf(received).length === 0 ? { root, spans: received } : undefined;
    });

    // Then the root is the reconcile and the phases are its children
    expect(pass.root.parentSpanId).to.equal(undefined);
    const phases = pass.spans.filter((span) => span.parentSpanId === pass.root.spanId).map((span) => span.name);
    expect(phases).to.include.members(['placement', 'secret', 'role', 'storage', 'migrations', 'status']);
    // And the Kubernetes API calls and the SQL statements are inside the phases
    const phaseOf = (span: ReceivedSpan) => ancestorsOf(span, pass.spans).find((ancestor) => ancestor.parentSpanId === pass.root.spanId)?.name;
    const kubernetesCalls = pass.spans.filter((span) => span.kind === CLIENT && span.scope !== PG_SCOPE);
    const statements = pass.spans.filter((span) => span.scope === PG_SCOPE && span.name.startsWith('pg.query'));
    expect(kubernetesCalls.map(phaseOf)).to.include.members(['placement', 'secret', 'status']);
    expect(statements.map(phaseOf)).to.include.members(['role', 'storage', 'migrations']);
  });

  function hasDescendant(root: ReceivedSpan, name: string): boolean {
    return collector().trace(root.traceId).some((span) => span.name === name && ancestorsOf(span, collector().trace(root.traceId)).includes(root));
  }
});

function logLines(service: NodeService): LogLine[] {
  return readFileSync(service.process.logFile, 'utf8').split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as LogLine];
    } catch {
      return [];
    }
  });
}

async function accessLinesOf(service: NodeService, traceId: string, count: number): Promise<LogLine[]> {
  return eventually(`${service.name} writes ${count} access line(s) of trace ${traceId}`, () => {
    const lines = logLines(service).filter((line) => line.message === 'request completed' && line.traceId === traceId);
    return lines.length >= count ? lines : undefined;
  });
}

/** Spans whose parent is not in the set: spans still on their way, or a broken context. */
function orphansOf(spans: readonly ReceivedSpan[]): ReceivedSpan[] {
  const ids = new Set(spans.map((span) => span.spanId));
  return spans.filter((span) => span.parentSpanId !== undefined && !ids.has(span.parentSpanId));
}

/** Parent, grandparent, … up to the root. */
function ancestorsOf(span: ReceivedSpan, spans: readonly ReceivedSpan[]): ReceivedSpan[] {
  const chain: ReceivedSpan[] = [];
  let parent = spans.find((candidate) => candidate.spanId === span.parentSpanId);
  while (parent !== undefined) {
    chain.push(parent);
    const grandparentId = parent.parentSpanId;
    parent = spans.find((candidate) => candidate.spanId === grandparentId);
  }
  return chain;
}

function describeSpan(span: ReceivedSpan): string {
  return `${span.service} ${span.name} (kind ${span.kind}, ${span.scope})`;
}
