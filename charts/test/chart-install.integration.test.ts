// The chart installed for real into the harness's API server, in namespaces where PodSecurity enforces `restricted`:
// every Pod the Deployment and ReplicaSet controllers create is admitted; the operator, platform and gateway then
// run with their chart ServiceAccounts' tokens and the chart's own settings and Secrets, and take a tenant through
// its whole life; `kubectl auth can-i` shows what each must not do; an upgrade keeps generated Secrets and data.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { expect } from 'chai';
import pg from 'pg';
import {
  call, chartDirectory, createTestDatabase, deleteTenant, ensureDatabaseServer, eventually, freePort, harnessServer, installCrds, operatorNamespace,
  readCredentials, readTenant, registerKnownSecrets, repositoryRoot, serviceAccountKubeconfig, sharedEnvironment, signIn, startNodeService,
  uniqueTenantName, waitForReady, waitForTenant, type Environment, type NodeService, type TestDatabase,
} from '@tenantry/harness';
import { helm, valuesFile } from './support/helm.js';
import { containerEnvironment } from './support/pod-environment.js';
import { previousChart, type PreviousChart } from './support/previous-chart.js';

const release = 'tenantry';
const namespace = operatorNamespace;
const eksNamespace = 'tenantry-eks';
const chartServer = 'chart-local';

interface PodList { items: Array<{ metadata: { name: string; labels: Record<string, string> }; status?: { phase?: string } }> }

async function kubectl(env: Environment, args: readonly string[], input?: string): Promise<string> {
  const result = await env.kubectl(args, input);
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${result.stderr.trim()}`);
  return result.stdout;
}

async function restrictedNamespace(env: Environment, name: string): Promise<void> {
  await env.kubectl(['create', 'namespace', name]);
  await kubectl(env, ['label', 'namespace', name, '--overwrite',
    'pod-security.kubernetes.io/enforce=restricted', 'pod-security.kubernetes.io/enforce-version=latest']);
}

async function podsOf(env: Environment, ns: string, instance: string): Promise<PodList['items']> {
  return (JSON.parse(await kubectl(env, ['get', 'pods', '-n', ns, '-l', `app.kubernetes.io/instance=${instance}`, '-o', 'json'])) as PodList).items;
}

/** Generated Secrets of the release, by name: their data as the API server holds it. */
async function generatedSecrets(env: Environment, ns: string): Promise<Map<string, Record<string, string>>> {
  const core = env.kubeConfig().makeApiClient(CoreV1Api);
  const result = new Map<string, Record<string, string>>();
  for (const name of ['service-token', 'exchange-client', 'signing-keys'].map((suffix) => `${release}-${suffix}`)) {
    const secret = await core.readNamespacedSecret({ namespace: ns, name }).catch(() => undefined);
    if (secret?.data) result.set(name, secret.data);
  }
  return result;
}

describe('tenantry chart installed into a real API server', function () {
  this.timeout(240_000);
  let env: Environment;
  let database: TestDatabase;
  let previous: PreviousChart;
  const started: NodeService[] = [];
  const services: Record<string, NodeService> = {};
  /** Settings every `helm install/upgrade` of the kind release gets: the harness PostgreSQL as the chart's DatabaseServer. */
  let kindSettings: string[] = [];

  /** Runs a component from source with the environment the chart gives its container, under its ServiceAccount. */
  async function startComponent(component: 'operator' | 'platform' | 'gateway' | 'backend' | 'identity', overrides: Record<string, string>): Promise<NodeService> {
    const chartEnv = await containerEnvironment(env, namespace, `${release}-${component}`);
    const apiClient = ['operator', 'platform', 'gateway'].includes(component);
    const kubeconfig = apiClient ? (await serviceAccountKubeconfig(env, { namespace, serviceAccount: `${release}-${component}` })).file : '/nonexistent';
    const entries = { operator: 'operator/src/main.ts', platform: 'services/platform/src/main.ts', gateway: 'services/gateway/src/main.ts', backend: 'services/backend/src/main.ts', identity: 'services/identity/src/main.ts' };
    const ports = { operator: 'OPERATOR_HTTP_PORT', platform: 'PLATFORM_PORT', gateway: 'GATEWAY_PORT', backend: 'BACKEND_PORT', identity: 'IDENTITY_PORT' };
    const hosts = { operator: 'OPERATOR_HTTP_HOST', platform: 'PLATFORM_HOST', gateway: 'GATEWAY_HOST', backend: 'BACKEND_HOST', identity: 'IDENTITY_HOST' };
    const service = await startNodeService({
      name: `chart-${component}`, entry: entries[component], logDir: env.dir, portVariable: ports[component],
      ...(overrides['PORT'] === undefined ? {} : { port: Number(overrides['PORT']) }),
      env: { ...chartEnv, KUBECONFIG: kubeconfig, [hosts[component]]: '127.0.0.1', LOG_LEVEL: 'debug', ...overrides },
    });
    started.push(service);
    services[component] = service;
    await eventually(`${component} answers /readyz with 200`, async () => (await fetch(`${service.url}/readyz`)).status === 200, { timeoutMs: 30_000 });
    return service;
  }

  before(async function () {
    env = await sharedEnvironment();
    await ensureDatabaseServer(env);
    await restrictedNamespace(env, namespace);
    await restrictedNamespace(env, eksNamespace);
    // CRDs applied with kubectl before (as the other suites do) are adopted into the release, as a user would.
    for (const crd of await installCrds(env)) {
      await kubectl(env, ['annotate', 'crd', crd, '--overwrite', `meta.helm.sh/release-name=${release}`, `meta.helm.sh/release-namespace=${namespace}`]);
      await kubectl(env, ['label', 'crd', crd, '--overwrite', 'app.kubernetes.io/managed-by=Helm']);
    }
    database = await createTestDatabase(env, 'chart_platform');
    registerKnownSecrets([database.url]);
    await kubectl(env, ['create', 'secret', 'generic', 'postgres-platform', '-n', namespace, `--from-literal=url=${database.url}`]);
    kindSettings = [
      // The harness applied the CRDs with server-side apply as its own field manager: taking them over is a conflict
      // whenever the chart's copy differs (the previous version's does), which an adopting user resolves the same way.
      '--force-conflicts',
      '--values', valuesFile('values-kind.yaml'),
      '--set', `databaseServers[0].name=${chartServer}`, '--set', `databaseServers[0].host=${env.postgres.host}`,
      '--set', `databaseServers[0].port=${env.postgres.port}`, '--set', 'databaseServers[0].sslMode=disable',
      '--set', `databaseServers[0].credentials.existingSecret=${harnessServer}-postgres-admin`,
    ];
    previous = previousChart();
  });

  after(async function () {
    await Promise.all(started.map((service) => service.stop()));
    await helm(['uninstall', release, '-n', namespace, '--wait'], { kubeconfig: env.kubeconfigFile }).catch(() => undefined);
    // Kept on uninstall by design; removed here so later suites see only their own servers.
    await env.kubectl(['delete', 'databaseserver', chartServer, 'rds-main', '--ignore-not-found']);
    await env.kubectl(['label', 'namespace', namespace, 'pod-security.kubernetes.io/enforce-', 'pod-security.kubernetes.io/enforce-version-']);
    await env.kubectl(['delete', 'namespace', eksNamespace, '--wait=false']);
    await database?.drop();
    if (previous && previous.path !== chartDirectory) rmSync(join(previous.path, '..', '..'), { recursive: true, force: true });
  });

  it('installs the previous chart version, then upgrades to this one with values-kind.yaml', async () => {
    process.stdout.write(`      previous chart: ${previous.version} from ${previous.revision}\n`);
    await helm(['install', release, previous.path, '-n', namespace, ...kindSettings], { kubeconfig: env.kubeconfigFile });
    const before = await generatedSecrets(env, namespace);
    await helm(['upgrade', release, chartDirectory, '-n', namespace, ...kindSettings], { kubeconfig: env.kubeconfigFile });
    const after = await generatedSecrets(env, namespace);
    for (const [name, data] of before) expect(after.get(name), `${name} survives the upgrade from ${previous.version}`).to.deep.equal(data);
    expect([...after.keys()].sort()).to.deep.equal([`${release}-exchange-client`, `${release}-service-token`, `${release}-signing-keys`]);
    for (const data of after.values()) registerKnownSecrets(Object.values(data).map((value) => Buffer.from(value, 'base64').toString('utf8')));
  });

  it('has every Pod the controllers create admitted by PodSecurity restricted (and a non-compliant one refused)', async () => {
    const expected = { operator: 2, platform: 1, gateway: 1, backend: 1, identity: 1 };
    const pods = await eventually('the ReplicaSet controller has created every replica', async () => {
      const found = await podsOf(env, namespace, release);
      return found.length === 6 ? found : undefined;
    });
    const counts: Record<string, number> = {};
    for (const pod of pods) counts[pod.metadata.labels['app.kubernetes.io/component']!] = (counts[pod.metadata.labels['app.kubernetes.io/component']!] ?? 0) + 1;
    expect(counts).to.deep.equal(expected);
    const events = await kubectl(env, ['get', 'events', '-n', namespace, '--field-selector', 'reason=FailedCreate', '-o', 'name']);
    expect(events.trim(), 'no ReplicaSet was refused a Pod').to.equal('');
    const refused = await env.kubectl(['run', 'as-root', '-n', namespace, '--image', 'tenantry/operator:dev', '--restart', 'Never']);
    expect(refused.code).to.not.equal(0);
    expect(refused.stderr).to.match(/violates PodSecurity "restricted:latest"/);
  });

  it('creates the DatabaseServer from values, its CRDs kept on uninstall', async () => {
    const server = JSON.parse(await kubectl(env, ['get', 'databaseserver', chartServer, '-o', 'json'])) as { metadata: { annotations: Record<string, string> }; spec: Record<string, unknown> };
    expect(server.spec).to.deep.include({ host: env.postgres.host, port: env.postgres.port, sslMode: 'disable', credentialsSecret: { name: `${harnessServer}-postgres-admin`, namespace } });
    expect(server.metadata.annotations).to.include({ 'meta.helm.sh/release-name': release, 'helm.sh/resource-policy': 'keep' });
    for (const crd of await installCrds(env)) {
      const annotations = JSON.parse(await kubectl(env, ['get', 'crd', crd, '-o', 'jsonpath={.metadata.annotations}'])) as Record<string, string>;
      expect(annotations, crd).to.include({ 'helm.sh/resource-policy': 'keep', 'meta.helm.sh/release-name': release });
    }
  });

  it('runs identity, platform, backend, gateway and operator with the chart\'s settings and Secrets, under their own ServiceAccounts', async () => {
    const identityPort = await freePort();
    const issuer = `http://127.0.0.1:${identityPort}`;
    await startComponent('identity', { PORT: String(identityPort), IDENTITY_ISSUER: issuer });
    const platform = await startComponent('platform', { PLATFORM_OIDC_ISSUER: issuer });
    const backend = await startComponent('backend', { BACKEND_PLATFORM_URL: platform.url });
    await startComponent('gateway', { GATEWAY_OIDC_ISSUER: issuer, GATEWAY_PLATFORM_URL: platform.url, GATEWAY_BACKEND_URL: backend.url });
    await startComponent('operator', { OPERATOR_LEASE_DURATION: '3s', OPERATOR_RENEW_DEADLINE: '2s', OPERATOR_RETRY_PERIOD: '250ms' });
    // The chart's own `helm test` script, against these processes.
    const servicesSetting = Object.entries(services).map(([name, service]) => `${name}=${service.url}`).join(',');
    const output = execFileSync(process.execPath, [join(chartDirectory, 'files', 'helm-test.mjs')], {
      encoding: 'utf8', env: { TENANTRY_SERVICES: servicesSetting, TENANTRY_TEST_TIMEOUT_MS: '30000' }, cwd: repositoryRoot,
    });
    expect(output.trim().split('\n').filter((line) => line.startsWith('ok ')).length, output).to.equal(8);
  });

  it('takes a tenant through its life with those processes: created, provisioned, used, suspended, deleted', async () => {
    const name = uniqueTenantName('chart');
    const admin = await signIn(services['identity']!.url, 'admin@tenantry.dev');
    const created = await call(services['platform']!.url, 'POST', '/v1/tenants', {
      token: admin.accessToken, body: { name, displayName: 'Chart tenant', tier: 'pool', admins: ['alice@acme.example'], deletionPolicy: 'Delete', databaseServer: chartServer },
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    await waitForReady(env, name);
    const alice = await signIn(services['identity']!.url, 'alice@acme.example');
    const headers = { authorization: `Bearer ${alice.accessToken}`, 'x-id-token': alice.idToken, 'x-tenant-id': name, 'content-type': 'application/json' };
    const entry = await eventually('the gateway stores an entry for the Ready tenant', async () => {
      const response = await fetch(`${services['gateway']!.url}/api/entries`, { method: 'POST', headers, body: JSON.stringify({ title: 'through the chart' }) });
      return response.status === 503 ? undefined : response;
    });
    expect(entry.status).to.equal(201);

    expect((await call(services['platform']!.url, 'POST', `/v1/tenants/${name}/suspend`, { token: admin.accessToken })).status).to.equal(200);
    await waitForTenant(env, name, 'phase Suspended', (tenant) => tenant?.status?.phase === 'Suspended');
    const refused = await fetch(`${services['gateway']!.url}/api/entries`, { headers });
    expect(refused.status).to.equal(403);

    expect((await call(services['platform']!.url, 'DELETE', `/v1/tenants/${name}`, { token: admin.accessToken })).status).to.equal(202);
    await eventually(`tenant ${name} is gone`, async () => (await readTenant(env, name)) === undefined);
  });

  it('refuses each ServiceAccount what its process must not do (kubectl auth can-i)', async () => {
    const account = (component: string) => `system:serviceaccount:${namespace}:${release}-${component}`;
    const can = async (who: string, args: readonly string[]) => (await env.kubectl(['auth', 'can-i', ...args, '--as', who])).stdout.trim();
    const expectations: Array<[string, string[], 'yes' | 'no']> = [
      ['operator', ['get', 'secrets', '-n', namespace], 'yes'],
      ['operator', ['get', 'secrets', '-n', 'kube-system'], 'no'],
      ['operator', ['list', 'secrets', '--all-namespaces'], 'no'],
      ['operator', ['create', 'pods', '-n', namespace], 'no'],
      ['operator', ['create', 'tenants.tenantry.dev'], 'no'],
      ['operator', ['delete', 'databaseservers.tenantry.dev'], 'no'],
      ['operator', ['update', 'customresourcedefinitions/databaseservers.tenantry.dev'], 'no'],
      ['operator', ['get', 'customresourcedefinitions/tenants.tenantry.dev'], 'yes'],
      ['operator', ['create', 'events.events.k8s.io', '-n', 'default'], 'yes'],
      ['operator', ['create', 'events.events.k8s.io', '-n', 'kube-system'], 'no'],
      ['operator', ['create', 'clusterrolebindings'], 'no'],
      ['platform', ['create', 'tenants.tenantry.dev'], 'yes'],
      ['platform', ['get', 'secrets', '-n', namespace], 'yes'],
      ['platform', ['list', 'secrets', '-n', namespace], 'no'],
      ['platform', ['get', 'secrets', '-n', 'kube-system'], 'no'],
      ['platform', ['update', 'tenants.tenantry.dev/status'], 'no'],
      ['platform', ['create', 'databaseservers.tenantry.dev'], 'no'],
      ['platform', ['list', 'pods', '-n', namespace], 'no'],
      ['gateway', ['watch', 'tenants.tenantry.dev'], 'yes'],
      ['gateway', ['patch', 'tenants.tenantry.dev'], 'no'],
      ['gateway', ['get', 'secrets', '-n', namespace], 'no'],
      ['backend', ['list', 'tenants.tenantry.dev'], 'no'],
      ['backend', ['get', 'secrets', '-n', namespace], 'no'],
      ['identity', ['get', 'configmaps', '-n', namespace], 'no'],
    ];
    const answers = await Promise.all(expectations.map(async ([component, args]) => can(account(component), args)));
    expect(expectations.map(([component, args], index) => `${component} ${args.join(' ')}: ${answers[index]}`))
      .to.deep.equal(expectations.map(([component, args, expected]) => `${component} ${args.join(' ')}: ${expected}`));
  });

  it('keeps generated Secrets, CRDs, the DatabaseServer and tenant data across helm upgrade', async () => {
    const name = uniqueTenantName('kept');
    await kubectl(env, ['apply', '-f', '-'], JSON.stringify({
      apiVersion: 'tenantry.dev/v1alpha1', kind: 'Tenant', metadata: { name }, spec: { displayName: 'Kept', tier: 'silo', databaseServer: chartServer },
    }));
    await waitForReady(env, name);
    const credentials = await readCredentials(env, name);
    const client = new pg.Client({ connectionString: credentials.uri });
    await client.connect();
    await client.query('CREATE TABLE kept (value text)');
    await client.query('INSERT INTO kept VALUES ($1)', ['before the upgrade']);
    await client.end();
    const uid = async (resource: string) => (await kubectl(env, ['get', resource, '-o', 'jsonpath={.metadata.uid}'])).trim();
    const before = {
      secrets: await generatedSecrets(env, namespace), crd: await uid('crd/tenants.tenantry.dev'), server: await uid(`databaseserver/${chartServer}`),
    };

    await helm(['upgrade', release, chartDirectory, '-n', namespace, ...kindSettings, '--set', 'gateway.defaultPlan=free', '--set', 'pods.logLevel=info'], { kubeconfig: env.kubeconfigFile });

    expect(await generatedSecrets(env, namespace)).to.deep.equal(before.secrets);
    expect(await uid('crd/tenants.tenantry.dev')).to.equal(before.crd);
    expect(await uid(`databaseserver/${chartServer}`), 'the DatabaseServer is updated in place, never recreated').to.equal(before.server);
    const gatewayConfig = await containerEnvironment(env, namespace, `${release}-gateway`);
    expect(gatewayConfig['GATEWAY_DEFAULT_PLAN']).to.equal('free');
    await waitForReady(env, name);
    expect(await readCredentials(env, name)).to.deep.equal(credentials);
    const after = new pg.Client({ connectionString: credentials.uri });
    await after.connect();
    const { rows } = await after.query<{ value: string }>('SELECT value FROM kept');
    await after.end();
    expect(rows).to.deep.equal([{ value: 'before the upgrade' }]);
    await deleteTenant(env, name);
  });

  it('installs with values-eks.yaml too, in its own restricted namespace, every Pod admitted', async () => {
    await kubectl(env, ['create', 'secret', 'generic', 'tenantry-platform-database', '-n', eksNamespace, `--from-literal=url=${database.url}`]);
    await kubectl(env, ['create', 'secret', 'generic', 'rds-main-admin', '-n', eksNamespace, '--from-literal=username=postgres', '--from-literal=password=unused-here']);
    registerKnownSecrets(['unused-here']);
    await helm(['install', 'tenantry-eks', chartDirectory, '-n', eksNamespace, '--values', valuesFile('values-eks.yaml'), '--set', 'crds.create=false'],
      { kubeconfig: env.kubeconfigFile });
    const pods = await eventually('the ReplicaSet controller has created every EKS replica', async () => {
      const found = await podsOf(env, eksNamespace, 'tenantry-eks');
      return found.length === 8 ? found : undefined;
    });
    expect(new Set(pods.map((pod) => pod.metadata.labels['app.kubernetes.io/component']))).to.deep.equal(new Set(['operator', 'platform', 'gateway', 'backend']));
    const kinds = (await kubectl(env, ['get', 'networkpolicies,ingress,poddisruptionbudgets', '-n', eksNamespace, '-o', 'name'])).trim().split('\n');
    expect(kinds.filter((line) => line.startsWith('networkpolicy'))).to.have.length(4);
    expect(kinds.filter((line) => line.startsWith('ingress'))).to.have.length(1);
    expect(kinds.filter((line) => line.startsWith('poddisruptionbudget'))).to.have.length(4);
    await helm(['uninstall', 'tenantry-eks', '-n', eksNamespace, '--wait'], { kubeconfig: env.kubeconfigFile });
  });
});
