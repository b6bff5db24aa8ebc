// The tenantry chart's monitoring: helm lint, and what `helm template` renders with each values flag on and off.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parse } from 'yaml';
import { chartDirectory, dashboardFile, metricNamesIn, monitoringQueries, readDashboard, readRules } from '@tenantry/harness';
import { helm, helmFailure, render as renderChart, requiredSettings, type Manifest } from './support/helm.js';

/** The monitoring objects only: the Prometheus Operator's kinds and the dashboard ConfigMap. */
const isMonitoring = (manifest: Manifest) =>
  manifest.apiVersion.startsWith('monitoring.coreos.com/') || manifest.metadata.name.endsWith('-grafana-dashboard');

async function render(flags: Record<string, string | boolean> = {}): Promise<Manifest[]> {
  return (await renderChart({ namespace: 'monitoring-test', set: { ...requiredSettings, ...flags } })).filter(isMonitoring);
}

const requiredFlags = Object.entries(requiredSettings).flatMap(([key, value]) => ['--set', `${key}=${value}`]);

const kinds = (manifests: readonly Manifest[]) => manifests.map((manifest) => manifest.kind);
const components = (manifests: readonly Manifest[]) => manifests.map((manifest) => manifest.metadata.labels?.['app.kubernetes.io/component']).sort();

describe('tenantry Helm chart (monitoring)', function () {
  this.timeout(30_000);

  it('passes helm lint with the defaults and with every monitoring flag on', async () => {
    await helm(['lint', '--strict', chartDirectory, ...requiredFlags]);
    await helm(['lint', '--strict', chartDirectory, ...requiredFlags, '--set', 'monitoring.serviceMonitors.enabled=true',
      '--set', 'monitoring.prometheusRules.enabled=true', '--set', 'monitoring.grafanaDashboard.enabled=true']);
  });

  it('renders no monitoring object by default: none needs the prometheus-operator CRDs', async () => {
    expect(await render()).to.deep.equal([]);
  });

  it('renders one ServiceMonitor per enabled component that keeps each process\'s service label', async () => {
    const manifests = await render({ 'monitoring.serviceMonitors.enabled': true, 'monitoring.labels.release': 'prometheus' });

    expect(kinds(manifests)).to.deep.equal(Array(4).fill('ServiceMonitor'));
    expect(components(manifests)).to.deep.equal(['backend', 'gateway', 'operator', 'platform']);
    for (const monitor of manifests) {
      const component = monitor.metadata.labels!['app.kubernetes.io/component']!;
      expect(monitor.apiVersion).to.equal('monitoring.coreos.com/v1');
      expect(monitor.metadata).to.deep.include({ name: `tenantry-${component}`, namespace: 'monitoring-test' });
      expect(monitor.metadata.labels).to.include({ release: 'prometheus' });
      expect(monitor.spec).to.deep.include({
        selector: { matchLabels: { 'app.kubernetes.io/name': 'tenantry', 'app.kubernetes.io/component': component } },
        namespaceSelector: { matchNames: ['monitoring-test'] },
      });
      expect(monitor.spec!['endpoints']).to.deep.equal([{
        port: 'http', path: '/metrics', interval: '30s', scrapeTimeout: '10s', honorLabels: true,
        relabelings: [{ targetLabel: 'service', replacement: component, action: 'replace' }],
      }]);
    }
  });

  it('renders PodMonitors instead when asked, identity included once enabled', async () => {
    const manifests = await render({ 'monitoring.podMonitors.enabled': true, 'monitoring.components.identity.enabled': true });

    expect(kinds(manifests)).to.deep.equal(Array(5).fill('PodMonitor'));
    expect(components(manifests)).to.deep.equal(['backend', 'gateway', 'identity', 'operator', 'platform']);
    const identity = manifests.find((monitor) => monitor.metadata.name === 'tenantry-identity')!;
    expect(identity.spec!['podMetricsEndpoints']).to.have.length(1);
  });

  it('refuses ServiceMonitors and PodMonitors together: every process would be scraped twice', async () => {
    const failure = await helmFailure(['template', 'tenantry', chartDirectory, ...requiredFlags,
      '--set', 'monitoring.serviceMonitors.enabled=true', '--set', 'monitoring.podMonitors.enabled=true']);
    expect(failure, 'helm template must fail').to.match(/scraped twice/);
  });

  it('renders the alert rules file unchanged as a PrometheusRule', async () => {
    const [rule, ...rest] = await render({ 'monitoring.prometheusRules.enabled': true });

    expect(rest).to.deep.equal([]);
    expect(rule).to.deep.include({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule' });
    expect(rule!.spec).to.deep.equal(readRules());
    const alerts = readRules().groups.flatMap((group) => group.rules.map((entry) => entry.alert));
    expect(alerts).to.include.members([
      'TenantProvisioningStalled', 'TenantStalled', 'TenantryOperatorDown', 'TenantryReconcileErrors',
      'TenantryHighErrorRate', 'TenantrySlowRequests',
    ]);
  });

  it('renders the dashboard as a ConfigMap the Grafana sidecar picks up', async () => {
    const [configMap, ...rest] = await render({ 'monitoring.grafanaDashboard.enabled': true });

    expect(rest).to.deep.equal([]);
    expect(configMap).to.deep.include({ apiVersion: 'v1', kind: 'ConfigMap' });
    expect(configMap!.metadata.labels).to.include({ grafana_dashboard: '1' });
    expect(configMap!.metadata.annotations).to.include({ grafana_folder: 'Tenantry' });
    expect(JSON.parse(configMap!.data!['tenantry.json']!)).to.deep.equal(JSON.parse(readFileSync(dashboardFile, 'utf8')));
  });

  it('ships a dashboard with a datasource variable that every panel queries through', () => {
    const dashboard = readDashboard();
    expect(dashboard.templating.list.find((variable) => variable.name === 'datasource')).to.include({ type: 'datasource', query: 'prometheus' });
    const queried = dashboard.panels.filter((panel) => panel.type !== 'row');
    expect(queried.length).to.be.greaterThan(15);
    for (const panel of queried) {
      expect((panel as { datasource?: unknown }).datasource, panel.title).to.deep.equal({ type: 'prometheus', uid: '${datasource}' });
      expect(panel.targets, panel.title).to.not.be.empty;
    }
  });

  it('ships only PromQL that Prometheus parses, every alert with a duration and a summary', () => {
    for (const { source, expr } of monitoringQueries()) {
      expect(() => metricNamesIn(expr), source).to.not.throw();
      expect(metricNamesIn(expr), source).to.not.be.empty;
    }
    for (const rule of readRules().groups.flatMap((group) => group.rules)) {
      const full = rule as typeof rule & { annotations?: Record<string, string>; labels?: Record<string, string> };
      expect(full.for, rule.alert).to.match(/^\d+m$/);
      expect(full.annotations?.['summary'], rule.alert).to.be.a('string');
      expect(full.labels?.['severity'], rule.alert).to.be.oneOf(['warning', 'critical']);
    }
  });

  it('keeps the rules file loadable by Prometheus as it is (a plain rule file, no Helm template syntax)', () => {
    const text = readFileSync(`${chartDirectory}/files/prometheus-rules.yaml`, 'utf8');
    expect(parse(text)).to.have.property('groups').that.is.an('array').that.is.not.empty;
    expect(text).to.not.match(/\{\{-|\.Values|\.Release/);
  });
});
