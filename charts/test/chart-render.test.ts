// What the tenantry chart renders with its defaults, values-kind.yaml and values-eks.yaml: lint, CRDs from the one
// source, restricted pods with probes, exact RBAC, Secrets, Ingress, NetworkPolicies, and the schema refusing bad values.
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { chartDirectory, crdDirectory, defaultCrdFiles } from '@tenantry/harness';
import { withValuesTable } from '../../tools/chart-values-table.js';
import { helm, helmFailure, ofKind, parseManifests, render, renderArguments, requiredSettings, valuesFile, type Manifest } from './support/helm.js';

interface Container {
  name: string;
  image: string;
  securityContext: Record<string, unknown>;
  ports?: Array<{ name: string; containerPort: number }>;
  startupProbe?: { httpGet: { path: string; port: string } };
  livenessProbe?: { httpGet: { path: string; port: string } };
  readinessProbe?: { httpGet: { path: string; port: string } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  env?: Array<{ name: string; value?: string; valueFrom?: Record<string, { name?: string; key?: string }> }>;
  envFrom?: Array<{ configMapRef: { name: string } }>;
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}

interface PodSpec {
  securityContext: Record<string, unknown>;
  containers: Container[];
  automountServiceAccountToken?: boolean;
  serviceAccountName?: string;
  topologySpreadConstraints?: unknown[];
  volumes?: Array<{ name: string; emptyDir?: unknown }>;
}

const podOf = (manifest: Manifest) => (manifest.spec as { template: { spec: PodSpec; metadata: { annotations?: Record<string, string> } } }).template;
const component = (manifest: Manifest) => manifest.metadata.labels?.['app.kubernetes.io/component'];
const byComponent = (manifests: readonly Manifest[], kind: string) => new Map(ofKind(manifests, kind).map((manifest) => [component(manifest)!, manifest]));
const withDefaults = { set: requiredSettings };
const kind = { values: [valuesFile('values-kind.yaml')] };
const eks = { values: [valuesFile('values-eks.yaml')] };

describe('tenantry Helm chart: what it renders', function () {
  this.timeout(60_000);

  it('passes helm lint --strict with the required settings, with values-kind.yaml and with values-eks.yaml', async () => {
    const required = Object.entries(requiredSettings).flatMap(([key, value]) => ['--set', `${key}=${value}`]);
    await helm(['lint', '--strict', chartDirectory, ...required]);
    await helm(['lint', '--strict', chartDirectory, '--values', valuesFile('values-kind.yaml')]);
    await helm(['lint', '--strict', chartDirectory, '--values', valuesFile('values-eks.yaml')]);
  });

  it('names what is missing without a values file: the OIDC issuer, then the platform database', async () => {
    expect(await helmFailure(renderArguments({ set: { 'platform.database.url': 'postgres://h/db' } }))).to.match(/oidc\.issuer is required/);
    expect(await helmFailure(renderArguments({ set: { 'oidc.issuer': 'https://issuer.example' } }))).to.match(/platform\.database\.url .* is required/);
  });

  it('renders the components each values file enables, with a PodDisruptionBudget exactly where replicas > 1', async () => {
    const expectations = [
      { options: withDefaults, deployments: ['backend', 'gateway', 'operator', 'platform'], pdbs: ['backend', 'gateway', 'operator', 'platform'] },
      { options: kind, deployments: ['backend', 'gateway', 'identity', 'operator', 'platform'], pdbs: ['operator'] },
      { options: eks, deployments: ['backend', 'gateway', 'operator', 'platform'], pdbs: ['backend', 'gateway', 'operator', 'platform'] },
    ];
    for (const { options, deployments, pdbs } of expectations) {
      const manifests = await render(options);
      expect([...byComponent(manifests, 'Deployment').keys()].sort()).to.deep.equal(deployments);
      expect([...byComponent(manifests, 'Service').keys()].sort()).to.deep.equal(deployments);
      expect([...byComponent(manifests, 'PodDisruptionBudget').keys()].sort()).to.deep.equal(pdbs);
      for (const manifest of manifests) {
        expect(manifest.metadata.labels, `${manifest.kind} ${manifest.metadata.name}`).to.include({
          'app.kubernetes.io/name': 'tenantry', 'app.kubernetes.io/instance': 'tenantry', 'app.kubernetes.io/managed-by': 'Helm',
        });
      }
    }
  });

  it('renders the CRDs from a copy of crds/ that has not drifted, kept on uninstall', async () => {
    for (const file of await defaultCrdFiles()) {
      const copy = join(chartDirectory, 'files', 'crds', file.slice(crdDirectory.length + 1));
      expect(readFileSync(copy, 'utf8'), `${copy} differs from ${file}: run make chart-crds`).to.equal(readFileSync(file, 'utf8'));
    }
    const crds = ofKind(await render(withDefaults), 'CustomResourceDefinition');
    const sources = (await defaultCrdFiles()).map((file) => parse(readFileSync(file, 'utf8')) as Manifest);
    expect(crds.map((crd) => crd.metadata.name).sort()).to.deep.equal(sources.map((crd) => crd.metadata.name).sort());
    for (const crd of crds) {
      const source = sources.find((candidate) => candidate.metadata.name === crd.metadata.name)!;
      expect(crd.spec, crd.metadata.name).to.deep.equal(source.spec);
      expect(crd.metadata.annotations).to.include({ 'helm.sh/resource-policy': 'keep' });
    }
    expect(ofKind(await render({ set: { ...requiredSettings, 'crds.create': false } }), 'CustomResourceDefinition')).to.deep.equal([]);
  });

  it('runs every pod, the test Job\'s included, as Pod Security Standards restricted asks, with /tmp its only writable path', async () => {
    for (const options of [withDefaults, kind, eks]) {
      const manifests = await render(options);
      const workloads = [...ofKind(manifests, 'Deployment'), ...ofKind(manifests, 'Job')];
      expect(workloads.length).to.be.greaterThan(4);
      for (const workload of workloads) {
        const { spec } = podOf(workload);
        const where = `${workload.kind} ${workload.metadata.name}`;
        expect(spec.securityContext, where).to.deep.include({ runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } });
        for (const container of spec.containers) {
          expect(container.securityContext, where).to.deep.equal({
            allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] },
          });
          expect(container.volumeMounts, where).to.deep.include({ name: 'tmp', mountPath: '/tmp' });
          expect(container.resources?.requests, where).to.include.keys('cpu', 'memory');
          expect(container.resources?.limits, where).to.include.keys('memory');
        }
        expect(spec.volumes?.find((volume) => volume.name === 'tmp')?.emptyDir, where).to.not.equal(undefined);
      }
    }
  });

  it('probes /healthz and /readyz on the http port, spreads replicas, and mounts a token only where the Kubernetes API is called', async () => {
    const deployments = byComponent(await render(kind), 'Deployment');
    for (const [name, deployment] of deployments) {
      const { spec, metadata } = podOf(deployment);
      const [container] = spec.containers;
      expect(container!.ports, name).to.deep.equal([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
      expect(container!.startupProbe?.httpGet, name).to.deep.equal({ path: '/healthz', port: 'http' });
      expect(container!.livenessProbe?.httpGet, name).to.deep.equal({ path: '/healthz', port: 'http' });
      expect(container!.readinessProbe?.httpGet, name).to.deep.equal({ path: '/readyz', port: 'http' });
      expect(metadata.annotations?.['checksum/config'], name).to.match(/^[0-9a-f]{64}$/);
      expect(spec.topologySpreadConstraints, name).to.have.length(2);
      expect(spec.automountServiceAccountToken, name).to.equal(['operator', 'platform', 'gateway'].includes(name));
      expect(container!.image, name).to.equal(`tenantry/${name}:dev`);
    }
  });

  it('changes checksum/config when a setting changes, and only that component\'s', async () => {
    const before = byComponent(await render(kind), 'Deployment');
    const after = byComponent(await render({ ...kind, set: { 'gateway.defaultPlan': 'free' } }), 'Deployment');
    for (const [name, deployment] of before) {
      const changed = podOf(deployment).metadata.annotations?.['checksum/config'] !== podOf(after.get(name)!).metadata.annotations?.['checksum/config'];
      expect(changed, name).to.equal(name === 'gateway');
    }
  });

  it('grants each ServiceAccount exactly what its process calls, Secrets only in the release namespace', async () => {
    const manifests = await render({ ...withDefaults, namespace: 'tenantry-system' });
    const rules = (kindName: string, name: string, namespace?: string) => {
      const role = manifests.find((manifest) => manifest.kind === kindName && manifest.metadata.name === name);
      expect(role, `${kindName} ${name}`).to.not.equal(undefined);
      if (namespace !== undefined) expect(role!.metadata.namespace).to.equal(namespace);
      return role!['rules'];
    };
    expect(rules('ClusterRole', 'tenantry-operator')).to.deep.equal([
      { apiGroups: ['tenantry.dev'], resources: ['tenants'], verbs: ['list', 'watch', 'patch'] },
      { apiGroups: ['tenantry.dev'], resources: ['tenants/status'], verbs: ['update', 'patch'] },
      { apiGroups: ['tenantry.dev'], resources: ['databaseservers'], verbs: ['list', 'watch'] },
      { apiGroups: ['tenantry.dev'], resources: ['databaseservers/status'], verbs: ['update'] },
      { apiGroups: ['tenantry.dev'], resources: ['migrationrollouts'], verbs: ['list', 'watch'] },
      { apiGroups: ['tenantry.dev'], resources: ['migrationrollouts/status'], verbs: ['update'] },
      { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], resourceNames: ['tenants.tenantry.dev'], verbs: ['get'] },
    ]);
    expect(rules('Role', 'tenantry-operator', 'tenantry-system')).to.deep.equal([
      { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch', 'create', 'update'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] },
    ]);
    expect(rules('Role', 'tenantry-operator-events', 'default')).to.deep.equal([{ apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['create'] }]);
    expect(rules('ClusterRole', 'tenantry-platform')).to.deep.equal([
      { apiGroups: ['tenantry.dev'], resources: ['tenants'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete'] },
    ]);
    expect(rules('Role', 'tenantry-platform', 'tenantry-system')).to.deep.equal([{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }]);
    expect(rules('ClusterRole', 'tenantry-gateway')).to.deep.equal([{ apiGroups: ['tenantry.dev'], resources: ['tenants'], verbs: ['list', 'watch'] }]);
    const roles = [...ofKind(manifests, 'ClusterRole'), ...ofKind(manifests, 'Role')];
    expect(roles.map((role) => role.metadata.name).sort()).to.deep.equal([
      'tenantry-gateway', 'tenantry-operator', 'tenantry-operator', 'tenantry-operator-events', 'tenantry-platform', 'tenantry-platform',
    ]);
    for (const binding of [...ofKind(manifests, 'ClusterRoleBinding'), ...ofKind(manifests, 'RoleBinding')]) {
      expect(binding['subjects'], binding.metadata.name).to.deep.equal([{
        kind: 'ServiceAccount', name: binding.metadata.name.replace(/-events$/, ''), namespace: 'tenantry-system',
      }]);
    }
  });

  it('generates the shared Secrets once, kept on uninstall, with a valid ES256 signing key set', async () => {
    const secrets = new Map(ofKind(await render(withDefaults), 'Secret').map((secret) => [secret.metadata.name, secret]));
    for (const name of ['tenantry-service-token', 'tenantry-exchange-client', 'tenantry-signing-keys']) {
      expect(secrets.get(name)?.metadata.annotations, name).to.include({ 'helm.sh/resource-policy': 'keep' });
    }
    expect(Buffer.from(secrets.get('tenantry-service-token')!.data!['token']!, 'base64').toString()).to.match(/^[A-Za-z0-9]{48}$/);
    const keySet = JSON.parse(Buffer.from(secrets.get('tenantry-signing-keys')!.data!['jwks.json']!, 'base64').toString()) as { keys: Array<Record<string, string>> };
    expect(keySet.keys).to.have.length(1);
    const [jwk] = keySet.keys;
    expect(jwk).to.include({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    const key = createPrivateKey({ key: jwk!, format: 'jwk' });
    expect(key.asymmetricKeyDetails?.namedCurve).to.equal('prime256v1');
    const existing = ofKind(await render({ set: { ...requiredSettings, 'secrets.signingKeys.existingSecret': 'mine', 'secrets.serviceToken.existingSecret': 'token' } }), 'Secret');
    expect(existing.map((secret) => secret.metadata.name).sort()).to.deep.equal(['tenantry-exchange-client', 'tenantry-platform-database']);
  });

  it('wires the services to each other, their Secrets and the issuer', async () => {
    const configs = byComponent(await render({ ...eks, namespace: 'tenantry-system' }), 'ConfigMap');
    expect(configs.get('gateway')!.data).to.include({
      GATEWAY_PLATFORM_URL: 'http://tenantry-platform.tenantry-system.svc:8080', GATEWAY_BACKEND_URL: 'http://tenantry-backend.tenantry-system.svc:8080',
      GATEWAY_OIDC_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example1', GATEWAY_EXCHANGE_CLIENT_ID: 'tenantry-gateway',
    });
    expect(configs.get('gateway')!.data).to.not.have.property('GATEWAY_OIDC_AUDIENCE');
    expect(configs.get('platform')!.data).to.include({
      PLATFORM_TENANT_SECRETS_NAMESPACE: 'tenantry-system', PLATFORM_SIGNING_KEYS_SECRET: 'tenantry-system/tenantry-signing-keys',
      PLATFORM_TOKEN_ISSUER: 'http://tenantry-platform.tenantry-system.svc:8080',
    });
    expect(configs.get('backend')!.data).to.include({ BACKEND_TOKEN_ISSUER: 'http://tenantry-platform.tenantry-system.svc:8080' });
    expect(configs.get('operator')!.data).to.include({ OPERATOR_NAMESPACE: 'tenantry-system', OPERATOR_LEADER_ELECTION: 'true' });
    const kindConfigs = byComponent(await render(kind), 'ConfigMap');
    expect(kindConfigs.get('gateway')!.data).to.include({ GATEWAY_OIDC_AUDIENCE: 'urn:tenantry:api', GATEWAY_OIDC_ISSUER: 'http://tenantry.localtest.me/identity' });
    expect(kindConfigs.get('identity')!.data).to.include({ IDENTITY_ISSUER: 'http://tenantry.localtest.me/identity', IDENTITY_PORT: '8080' });
  });

  it('gives the platform its webhook sealing key from the named Secret, and no key (webhooks off) without one', async () => {
    const platformEnv = (manifests: readonly Manifest[]) => {
      const deployment = byComponent(manifests, 'Deployment').get('platform') as unknown as { spec: { template: { spec: { containers: Array<{ env?: Array<{ name: string; valueFrom?: unknown }> }> } } } };
      return deployment.spec.template.spec.containers[0]?.env ?? [];
    };
    expect(platformEnv(await render(eks)).map((variable) => variable.name)).to.not.include('PLATFORM_WEBHOOK_SECRETS_KEY');
    const withKey = platformEnv(await render({ ...eks, set: { 'platform.webhooks.secretsKeySecret': 'webhook-sealing' } }));
    expect(withKey.find((variable) => variable.name === 'PLATFORM_WEBHOOK_SECRETS_KEY')?.valueFrom)
      .to.deep.equal({ secretKeyRef: { name: 'webhook-sealing', key: 'key' } });
    // Private receivers only when asked for: the platform refuses them otherwise.
    expect(withKey.map((variable) => variable.name)).to.not.include('PLATFORM_WEBHOOK_ALLOW_PRIVATE_ADDRESSES');
    const inCluster = platformEnv(await render({ ...eks, set: { 'platform.webhooks.allowPrivateAddresses': 'true' } }));
    expect(inCluster.find((variable) => variable.name === 'PLATFORM_WEBHOOK_ALLOW_PRIVATE_ADDRESSES')).to.deep.include({ value: 'true' });
  });

  it('makes each DatabaseServer a post-install hook until its CRD is served, then a plain release resource', async () => {
    const [hook] = ofKind(await render(kind), 'DatabaseServer');
    expect(hook!.metadata.annotations).to.include({ 'helm.sh/hook': 'post-install', 'meta.helm.sh/release-name': 'tenantry', 'helm.sh/resource-policy': 'keep' });
    expect(hook!.metadata.labels).to.include({ 'app.kubernetes.io/managed-by': 'Helm' });
    const served = parseManifests(await helm([...renderArguments(kind), '--api-versions', 'tenantry.dev/v1alpha1/DatabaseServer']));
    const [plain] = ofKind(served, 'DatabaseServer');
    expect(plain!.metadata.annotations).to.not.have.property('helm.sh/hook');
    expect(plain!.spec).to.deep.equal({
      host: 'postgres.tenantry-system.svc', port: 5432, sslMode: 'disable', capacity: 200,
      credentialsSecret: { name: 'postgres-admin', namespace: 'tenantry-test' },
    });
  });

  it('fronts the gateway with an ALB on EKS and an nginx class on kind, the identity provider under its path', async () => {
    const [alb] = ofKind(await render(eks), 'Ingress');
    expect((alb!.spec as { ingressClassName: string }).ingressClassName).to.equal('alb');
    expect(alb!.metadata.annotations).to.include({ 'alb.ingress.kubernetes.io/target-type': 'ip', 'alb.ingress.kubernetes.io/healthcheck-path': '/readyz' });
    const [nginx] = ofKind(await render(kind), 'Ingress');
    const spec = nginx!.spec as { ingressClassName: string; rules: Array<{ http: { paths: Array<{ path: string; backend: { service: { name: string } } }> } }> };
    expect(spec.ingressClassName).to.equal('nginx');
    expect(spec.rules[0]!.http.paths.map((path) => [path.path, path.backend.service.name])).to.deep.equal([
      ['/identity', 'tenantry-identity'], ['/', 'tenantry-gateway'],
    ]);
    expect(ofKind(await render(withDefaults), 'Ingress')).to.deep.equal([]);
  });

  it('allows only the design\'s paths when NetworkPolicies are on (off by default)', async () => {
    expect(ofKind(await render(withDefaults), 'NetworkPolicy')).to.deep.equal([]);
    const policies = byComponent(await render(eks), 'NetworkPolicy');
    type Peer = { podSelector?: { matchLabels: Record<string, string> }; ipBlock?: { cidr: string } };
    type Rule = { ports?: Array<{ port: number | string }>; from?: Peer[]; to?: Peer[] };
    const spec = (name: string) => policies.get(name)!.spec as { ingress: Rule[]; egress: Rule[] };
    const peers = (rules: Rule[], side: 'from' | 'to') => rules.flatMap((rule) => (rule[side] ?? []).map((peer) => peer.podSelector?.matchLabels['app.kubernetes.io/component'] ?? peer.ipBlock?.cidr));
    expect(peers(spec('platform').ingress, 'from').sort()).to.deep.equal(['backend', 'gateway']);
    expect(peers(spec('backend').ingress, 'from')).to.deep.equal(['gateway']);
    expect(spec('operator').ingress).to.deep.equal([]);
    expect(peers(spec('gateway').egress, 'to')).to.include.members(['platform', 'backend']);
    expect(peers(spec('backend').egress, 'to')).to.deep.equal(['platform', '10.0.0.0/16']);
    expect(peers(spec('operator').egress, 'to')).to.deep.equal(['0.0.0.0/0', '10.0.0.0/16']);
  });

  it('refuses a bad value in every section, naming it', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['image.pullPolicy', 'Sometimes', /\/image\/pullPolicy/],
      ['crds.create', 'yes', /\/crds\/create/],
      ['rbac.create', 'maybe', /\/rbac\/create/],
      ['oidc.issuer', 'cognito', /\/oidc\/issuer/],
      ['secrets.exchangeClient.id', 'has space', /\/secrets\/exchangeClient\/id/],
      ['databaseServers[0].name', 'Main_Server', /\/databaseServers\/0/],
      ['pods.logLevel', 'verbose', /\/pods\/logLevel/],
      ['operator.replicas', 'two', /\/operator\/replicas/],
      ['operator.resyncPeriod', 'often', /\/operator\/resyncPeriod/],
      ['platform.tokenTtl', '5 minutes', /\/platform\/tokenTtl/],
      ['platform.database.url', 'mysql://x', /\/platform\/database\/url/],
      ['platform.webhooks.secretsKeySecret', 'Not_A_Name', /\/platform\/webhooks\/secretsKeySecret/],
      ['gateway.rateLimits', 'free=10', /\/gateway\/rateLimits/],
      ['backend.tenantMaxConcurrency', '0', /\/backend\/tenantMaxConcurrency/],
      ['identity.issuer', 'not a url', /\/identity\/issuer/],
      ['ingress.host', 'Tenantry.Example.com', /\/ingress\/host/],
      ['networkPolicy.apiServerCidrs[0]', 'anywhere', /\/networkPolicy\/apiServerCidrs/],
      ['tests.enabled', 'sure', /\/tests\/enabled/],
      ['monitoring.interval', 'soon', /\/monitoring\/interval/],
      ['operatr.replicas', '1', /additional properties 'operatr' not allowed/],
    ];
    for (const [key, value, message] of cases) {
      const failure = await helmFailure(['template', 'tenantry', chartDirectory, '--values', valuesFile('values-kind.yaml'), '--set-string', `${key}=${value}`]);
      expect(failure, `${key}=${value}`).to.match(message);
    }
  });

  it('documents every value in the chart README, the table generated from values.yaml', () => {
    const readme = readFileSync(join(chartDirectory, 'README.md'), 'utf8');
    const values = readFileSync(join(chartDirectory, 'values.yaml'), 'utf8');
    expect(readme, 'run npm run generate:chart-values').to.equal(withValuesTable(readme, values));
  });
});
