// The release bundle proven without a Docker engine: every service starts from its production tree exactly as
// its Dockerfile stage runs it, under bubblewrap as user 65532 with a read-only root filesystem (only /tmp
// writable), against the harness's API server and PostgreSQL, answers /readyz, and serves one full request.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  createTenant, createTestDatabase, deleteTenant, ensureDatabaseServer, eventually, exchangeClientsSetting, freePort, newExchangeClient,
  newServiceToken, operatorNamespace, registerKnownSecrets, sharedEnvironment, signIn, trustedIssuer, uniqueTenantName, waitForReady,
  readDockerStages, waitUntilReady, type DockerStage, type Environment, type ManagedProcess, type TestDatabase,
} from '@tenantry/harness';
import { filesUnder, readBundleInfo, runnables, staleFiles, treeOf, type Runnable } from './support/bundle-trees.js';
import { runSandboxed, startSandboxed, type SandboxOptions } from './support/sandbox.js';

const kubeconfigInside = '/var/run/tenantry/kubeconfig';
const portVariable: Record<Runnable, string> = {
  identity: 'IDENTITY_PORT', platform: 'PLATFORM_PORT', backend: 'BACKEND_PORT', gateway: 'GATEWAY_PORT', operator: 'OPERATOR_HTTP_PORT',
};
const hostVariable: Record<Runnable, string> = {
  identity: 'IDENTITY_HOST', platform: 'PLATFORM_HOST', backend: 'BACKEND_HOST', gateway: 'GATEWAY_HOST', operator: 'OPERATOR_HTTP_HOST',
};

interface Started {
  readonly url: string;
  readonly process: ManagedProcess;
  readonly readyMs: number;
}

describe('release bundle: every service from its production tree, under bubblewrap (user 65532, read-only root)', function () {
  this.timeout(120_000);
  const stages = readDockerStages();
  const started = new Map<Runnable, Started>();
  let env: Environment;
  let database: TestDatabase;

  const stageOf = (runnable: Runnable): DockerStage => {
    const stage = stages.get(runnable);
    if (!stage) throw new Error(`the Dockerfile has no stage named ${runnable}`);
    return stage;
  };

  /** The sandbox as the image would be: the stage's working folder and environment, then the test's settings. */
  const sandboxFor = (runnable: Runnable, settings: Record<string, string>): SandboxOptions => ({
    tree: treeOf(runnable),
    workdir: stageOf(runnable).workdir ?? '/',
    files: { [kubeconfigInside]: env.kubeconfigFile },
    env: { ...stageOf(runnable).env, KUBECONFIG: kubeconfigInside, LOG_LEVEL: 'debug', ...settings },
  });

  async function start(runnable: Runnable, settings: Record<string, string>): Promise<Started> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const began = performance.now();
    const proc = startSandboxed(`bundle-${runnable}`, join(env.dir, `bundle-${runnable}.log`),
      sandboxFor(runnable, { [portVariable[runnable]]: String(port), [hostVariable[runnable]]: '127.0.0.1', ...settings }),
      stageOf(runnable).entrypoint ?? []);
    await waitUntilReady(proc, async () => (await fetch(`${url}/readyz`)).status === 200, { timeoutMs: 60_000 });
    const service = { url, process: proc, readyMs: Math.round(performance.now() - began) };
    started.set(runnable, service);
    return service;
  }

  before(async function () {
    for (const runnable of runnables) readBundleInfo(runnable);
    env = await sharedEnvironment();
    await ensureDatabaseServer(env);
    database = await createTestDatabase(env, 'bundle_platform');
  });

  after(async function () {
    await Promise.all([...started.values()].map((service) => service.process.stop(10_000)));
    await database?.drop();
  });

  it('has one image stage per runnable: user 65532, its tree copied to /app, its entry under the telemetry hook, OCI labels, no HEALTHCHECK', () => {
    for (const runnable of runnables) {
      const stage = stageOf(runnable);
      const { entry } = readBundleInfo(runnable);
      expect(stage.user, runnable).to.equal('65532:65532');
      expect(stage.workdir, runnable).to.equal('/app');
      expect(stage.copies, runnable).to.deep.include({ fromStage: 'build', source: `/out/${runnable}`, destination: '/app' });
      expect(stage.entrypoint, runnable).to.deep.equal(['/nodejs/bin/node', '--import', '@tenantry/runtime/telemetry/register', entry]);
      expect(stage.healthcheck, runnable).to.equal(false);
      expect(stage.labels['org.opencontainers.image.title'], runnable).to.equal(`tenantry-${runnable}`);
      for (const label of ['source', 'version', 'revision', 'created', 'licenses', 'description']) {
        expect(stage.labels, `${runnable} label ${label}`).to.have.property(`org.opencontainers.image.${label}`).that.is.not.empty;
      }
    }
  });

  it('holds the current build\'s compiled code, no TypeScript, no tests and no dev-only package', () => {
    for (const runnable of runnables) {
      const { package: pkg } = readBundleInfo(runnable);
      const stale = [...staleFiles(runnable, 'services/runtime'), ...staleFiles(runnable, pkg)];
      expect(stale, `${runnable}: the tree differs from the build (run make bundle)`).to.deep.equal([]);
      const code = filesUnder(join(treeOf(runnable), pkg));
      expect(code.filter((file) => /\.ts$|(^|\/)test\//.test(file)), runnable).to.deep.equal([]);
      const installed = filesUnder(join(treeOf(runnable), 'node_modules')).map((file) => file.split('/').slice(0, 2).join('/'));
      for (const devOnly of ['typescript/package.json', 'mocha/package.json', 'tsx/package.json', 'chai/package.json', 'eslint/package.json']) {
        expect(installed, `${runnable} holds ${devOnly}`).to.not.include(devOnly);
      }
    }
  });

  it('cannot reach a dev-only dependency, nor write anywhere but /tmp', async () => {
    const probe = [
      "for (const name of ['@tenantry/harness', 'tsx', 'mocha', 'typescript', 'oidc-provider']) {",
      "  try { await import(name); console.log('found ' + name); } catch (error) { console.log(error.code + ' ' + name); } }",
      "for (const file of ['/app/x', '/x', '/usr/x', '/tmp/x']) {",
      "  try { (await import('node:fs')).writeFileSync(file, ''); console.log('wrote ' + file); } catch (error) { console.log(error.code + ' ' + file); } }",
      "console.log('uid ' + process.getuid());",
    ].join('\n');
    const run = await runSandboxed(sandboxFor('backend', {}), ['/nodejs/bin/node', '--input-type=module', '-e', probe]);

    expect(run.stderr).to.equal('');
    expect(run.stdout.trim().split('\n')).to.deep.equal([
      'ERR_MODULE_NOT_FOUND @tenantry/harness', 'ERR_MODULE_NOT_FOUND tsx', 'ERR_MODULE_NOT_FOUND mocha', 'ERR_MODULE_NOT_FOUND typescript',
      // A dependency of the identity workspace, which the backend lists only for its tests.
      'ERR_MODULE_NOT_FOUND oidc-provider',
      'EROFS /app/x', 'EROFS /x', 'EROFS /usr/x', 'wrote /tmp/x', 'uid 65532',
    ]);
  });

  it('starts identity, platform, backend, gateway and operator from their trees, each answering /readyz with 200', async () => {
    const serviceToken = newServiceToken();
    const exchangeClient = newExchangeClient('tenantry-gateway');
    registerKnownSecrets([serviceToken, exchangeClient.secret]);

    const identity = await start('identity', {});
    const issuer = trustedIssuer(identity.url);
    const platform = await start('platform', {
      PLATFORM_DATABASE_URL: database.url, PLATFORM_OIDC_ISSUER: issuer.issuer, PLATFORM_OIDC_CLIENT_IDS: issuer.clientId,
      PLATFORM_OIDC_AUDIENCE: issuer.audience!, PLATFORM_SERVICE_TOKEN: serviceToken,
      PLATFORM_EXCHANGE_CLIENTS: exchangeClientsSetting(exchangeClient), PLATFORM_TENANT_SECRETS_NAMESPACE: operatorNamespace,
    });
    const backend = await start('backend', {
      BACKEND_PLATFORM_URL: platform.url, BACKEND_PLATFORM_SERVICE_TOKEN: serviceToken, BACKEND_TOKEN_ISSUER: platform.url,
    });
    await start('gateway', {
      GATEWAY_OIDC_ISSUER: issuer.issuer, GATEWAY_OIDC_CLIENT_IDS: issuer.clientId, GATEWAY_OIDC_AUDIENCE: issuer.audience!,
      GATEWAY_PLATFORM_URL: platform.url, GATEWAY_BACKEND_URL: backend.url,
      GATEWAY_EXCHANGE_CLIENT_ID: exchangeClient.id, GATEWAY_EXCHANGE_CLIENT_SECRET: exchangeClient.secret,
    });
    await start('operator', {
      OPERATOR_NAMESPACE: operatorNamespace, OPERATOR_LEASE_NAME: 'tenantry-operator-bundle', OPERATOR_LEASE_DURATION: '3s',
      OPERATOR_RENEW_DEADLINE: '2s', OPERATOR_RETRY_PERIOD: '250ms',
    });

    for (const runnable of runnables) {
      const service = started.get(runnable)!;
      // The operator reports ready before it leads, then again once its caches are synced as the leader.
      for (const path of ['/healthz', '/readyz', '/metrics']) {
        await eventually(`${runnable} answers ${path} with 200`, async () => (await fetch(`${service.url}${path}`)).status === 200, { timeoutMs: 20_000 });
      }
    }
    // The gateway's tree holds the web UI when the bundle was made with one (make bundle does once web/ exists).
    if (existsSync(join(treeOf('gateway'), 'web', 'index.html'))) {
      const page = await fetch(`${started.get('gateway')!.url}/`);
      expect(page.status).to.equal(200);
      expect(page.headers.get('content-type')).to.match(/^text\/html/);
    }
    process.stdout.write(`      start-up to /readyz under bwrap: ${runnables.map((runnable) => `${runnable} ${started.get(runnable)!.readyMs} ms`).join(', ')}\n`);
  });

  it('serves a whole request from the trees: the operator provisions a tenant, the gateway takes an entry to its database', async () => {
    const gateway = started.get('gateway');
    expect(gateway, 'the services started by the previous test').to.not.equal(undefined);
    const tenant = uniqueTenantName('bundle');
    await createTenant(env, tenant, { admins: ['alice@acme.example'] });
    try {
      await waitForReady(env, tenant);
      const tokens = await signIn(started.get('identity')!.url, 'alice@acme.example');
      const answer = await eventually('the gateway sees the tenant Ready and stores an entry', async () => {
        const response = await fetch(`${gateway!.url}/api/entries`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${tokens.accessToken}`, 'x-id-token': tokens.idToken, 'x-tenant-id': tenant, 'content-type': 'application/json',
          },
          body: JSON.stringify({ title: 'from the bundle' }),
        });
        return response.status === 503 ? undefined : { status: response.status, body: await response.json() as Record<string, unknown> };
      });
      expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
      expect(answer.body).to.include({ title: 'from the bundle' });
    } finally {
      await deleteTenant(env, tenant);
    }
  });
});
