// /metrics of every Tenantry process after real traffic through the whole stack: each parses as Prometheus
// text, carries the series the dashboards and alerts are built on, and follows the naming conventions; and
// every metric the chart's alert rules and dashboard query is one the processes really expose.
import { expect } from 'chai';
import {
  metricNamesIn, monitoringQueries, parseExposition, signIn, usePlatformStack, users, type MetricFamily, type NodeService,
  type Sample,
} from '@tenantry/harness';

type ProcessName = 'operator' | 'identity' | 'platform' | 'backend' | 'gateway';
type Scrape = ReadonlyMap<string, MetricFamily>;

const processNames: readonly ProcessName[] = ['operator', 'identity', 'platform', 'backend', 'gateway'];

/** Samples of `name` whose labels include every pair of `labels`. */
function samplesOf(scrape: Scrape, family: string, name: string, labels: Record<string, string> = {}): Sample[] {
  return (scrape.get(family)?.samples ?? []).filter((sample) =>
    sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
}

/** The summed value of the matching samples; fails naming the series when there is none. */
function valueOf(scrape: Scrape, family: string, labels: Record<string, string> = {}, sampleName = family): number {
  const samples = samplesOf(scrape, family, sampleName, labels);
  expect(samples, `${sampleName}${JSON.stringify(labels)} is exposed`).to.not.be.empty;
  return samples.reduce((sum, sample) => sum + sample.value, 0);
}

describe('metrics endpoints of every process (integration: operator, identity, platform, backend, gateway)', function () {
  this.timeout(180_000);
  const stack = usePlatformStack();
  let gateway: NodeService;
  const scrapes = new Map<ProcessName, Scrape>();
  let entryId = '';

  before(async () => {
    const { platform, identityUrl, tenants } = stack();
    const backend = await stack().startBackend();
    gateway = await stack().startGateway(backend);

    // Given some traffic: a sign-in, an exchange through the gateway, an entry created, listed and read
    const { accessToken } = await signIn(identityUrl, users.alice.email);
    const viaGateway = (path: string, init: { method?: string; body?: unknown } = {}) => fetch(`${gateway.url}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${accessToken}`, 'x-tenant-id': tenants.a,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const created = await viaGateway('/api/entries', { method: 'POST', body: { title: 'measured' } });
    expect(created.status, await created.clone().text()).to.equal(201);
    entryId = ((await created.json()) as { id: string }).id;
    expect((await viaGateway('/api/entries')).status).to.equal(200);
    expect((await viaGateway(`/api/entries/${entryId}`)).status).to.equal(200);

    // When every process is scraped (after one probe, so each one's own HTTP histogram has a sample)
    const urls: Record<ProcessName, string> = {
      operator: stack().operator.url, identity: identityUrl, platform: platform.url, backend: backend.url, gateway: gateway.url,
    };
    for (const name of processNames) {
      expect((await fetch(`${urls[name]}/healthz`)).status, `${name} /healthz`).to.equal(200);
      const response = await fetch(`${urls[name]}/metrics`);
      expect(response.status, `${name} /metrics`).to.equal(200);
      expect(response.headers.get('content-type'), `${name} /metrics`).to.match(/^text\/plain; version=0\.0\.4/);
      scrapes.set(name, parseExposition(await response.text()));
    }
  });

  const scrapeOf = (name: ProcessName): Scrape => scrapes.get(name)!;

  it('labels every series of a process with its service name', () => {
    for (const name of processNames) {
      for (const family of scrapeOf(name).values()) {
        for (const sample of family.samples) expect(sample.labels['service'], `${name}: ${sample.name}`).to.equal(name);
      }
    }
  });

  it('exposes process metrics and an HTTP duration histogram by route template from every process', () => {
    for (const name of processNames) {
      const scrape = scrapeOf(name);
      expect(valueOf(scrape, 'process_cpu_seconds_total'), name).to.be.greaterThan(0);
      expect(valueOf(scrape, 'process_resident_memory_bytes'), name).to.be.greaterThan(0);
      expect(scrape.get('nodejs_eventloop_lag_p99_seconds')?.type, name).to.equal('gauge');
      expect(scrape.get('http_request_duration_seconds')?.type, name).to.equal('histogram');
      expect(valueOf(scrape, 'http_request_duration_seconds', { route: '/healthz', method: 'GET', status_code: '200' },
        'http_request_duration_seconds_count'), name).to.be.at.least(1);
    }
  });

  it('records backend requests under their route templates, never a raw id or tenant', () => {
    const backend = scrapeOf('backend');
    const count = (labels: Record<string, string>) => valueOf(backend, 'http_request_duration_seconds', labels, 'http_request_duration_seconds_count');
    expect(count({ route: '/api/entries', method: 'POST', status_code: '201' })).to.be.at.least(1);
    expect(count({ route: '/api/entries', method: 'GET', status_code: '200' })).to.be.at.least(1);
    expect(count({ route: '/api/entries/:id', method: 'GET', status_code: '200' })).to.be.at.least(1);
    const { a, b } = stack().tenants;
    for (const name of processNames) {
      for (const sample of scrapeOf(name).get('http_request_duration_seconds')!.samples) {
        for (const raw of [entryId, a, b]) expect(sample.labels['route'], `${name} route label`).to.not.include(raw);
      }
    }
  });

  it('exposes provisioning by tier, tenants by phase, reconcile results and the queue from the operator', () => {
    const operator = scrapeOf('operator');
    for (const tier of ['pool', 'silo']) {
      expect(valueOf(operator, 'tenantry_tenant_provisioning_duration_seconds', { tier }, 'tenantry_tenant_provisioning_duration_seconds_count'), tier)
        .to.be.at.least(1);
    }
    expect(valueOf(operator, 'tenantry_tenants', { phase: 'Ready' })).to.be.at.least(2);
    expect(valueOf(operator, 'tenantry_tenants', { phase: 'Failed' })).to.be.at.least(0);
    expect(valueOf(operator, 'tenantry_tenants_stalled')).to.equal(0);
    expect(valueOf(operator, 'tenantry_reconcile_total', { kind: 'tenant', result: 'success' })).to.be.at.least(2);
    expect(valueOf(operator, 'tenantry_reconcile_total', { kind: 'tenant', result: 'error' })).to.be.at.least(0);
    expect(valueOf(operator, 'tenantry_reconcile_duration_seconds', { kind: 'tenant' }, 'tenantry_reconcile_duration_seconds_count')).to.be.at.least(2);
    expect(valueOf(operator, 'tenantry_workqueue_depth')).to.be.at.least(0);
  });

  it('exposes token exchanges by outcome at the gateway and the platform, and sign-ins at the identity provider', () => {
    expect(valueOf(scrapeOf('gateway'), 'tenantry_gateway_token_exchanges_total', { outcome: 'issued' })).to.be.at.least(1);
    expect(valueOf(scrapeOf('gateway'), 'tenantry_gateway_token_exchanges_total', { outcome: 'invalid_grant' })).to.equal(0);
    expect(valueOf(scrapeOf('gateway'), 'tenantry_gateway_rejections_total', { reason: 'not_a_member' })).to.equal(0);
    const platform = scrapeOf('platform');
    expect(valueOf(platform, 'tenantry_token_exchanges_total', { outcome: 'issued' })).to.be.at.least(1);
    expect(valueOf(platform, 'tenantry_token_exchange_duration_seconds', { outcome: 'issued' }, 'tenantry_token_exchange_duration_seconds_count'))
      .to.be.at.least(1);
    expect(valueOf(platform, 'tenantry_platform_tenants', { phase: 'Ready' })).to.be.at.least(2);
    expect(valueOf(scrapeOf('identity'), 'tenantry_identity_token_requests_total', { grant_type: 'password', outcome: 'issued' })).to.be.at.least(1);
    expect(valueOf(scrapeOf('identity'), 'tenantry_identity_login_attempts_total', { outcome: 'success' })).to.be.at.least(0);
  });

  it('exposes the backend\'s databases, connections, evictions and busy tenants', () => {
    const backend = scrapeOf('backend');
    expect(valueOf(backend, 'tenantry_backend_database_pools')).to.be.at.least(1);
    expect(valueOf(backend, 'tenantry_backend_db_connections')).to.be.at.least(1);
    expect(valueOf(backend, 'tenantry_backend_connection_evictions_total')).to.be.at.least(0);
    expect(valueOf(backend, 'tenantry_backend_busy_tenants')).to.be.at.least(0);
  });

  it('follows the naming conventions: a tenantry_ prefix, _total on counters only, base units', () => {
    for (const name of processNames) {
      for (const family of scrapeOf(name).values()) {
        const where = `${name}: ${family.name} (${family.type})`;
        expect(family.name, where).to.match(/^(tenantry_|http_|process_|nodejs_)/);
        // prom-client's default process metrics are what every Node.js dashboard expects, gauges named
        // nodejs_active_handles_total included; the conventions below hold for the metrics we define.
        if (!/^(tenantry|http)_/.test(family.name)) continue;
        expect(family.help, where).to.not.equal('');
        if (family.type === 'counter') expect(family.name, where).to.match(/_total$/);
        else expect(family.name, where).to.not.match(/_total$/);
        expect(family.name, where).to.not.match(/_(milliseconds|ms|kilobytes|megabytes|minutes)(_|$)/);
        if (family.name.startsWith('tenantry_') && /duration/.test(family.name)) expect(family.name, where).to.match(/_seconds$/);
      }
    }
  });

  it('exposes every metric the chart\'s alert rules and dashboard query', () => {
    // What Prometheus adds per target itself rather than scraping it.
    const exposed = new Set(['up']);
    for (const scrape of scrapes.values()) {
      for (const family of scrape.values()) for (const sample of family.samples) exposed.add(sample.name);
    }
    const missing = monitoringQueries().flatMap(({ source, expr }) =>
      metricNamesIn(expr).filter((metric) => !exposed.has(metric)).map((metric) => `${source}: ${metric}`));
    expect(missing, 'metrics the chart queries but no process exposes').to.deep.equal([]);
  });
});
