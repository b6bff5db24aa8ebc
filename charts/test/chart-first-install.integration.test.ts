// The chart's very first install on a cluster that has never seen the Tenantry CRDs (a control plane of its own,
// not the shared one): the CRDs come from the chart, the DatabaseServers from a post-install hook, and the next
// upgrade adopts those same objects as release resources instead of recreating them.
import { expect } from 'chai';
import { chartDirectory, startEnvironment, type Environment } from '@tenantry/harness';
import { helm, valuesFile } from './support/helm.js';

describe('tenantry chart on a cluster without its CRDs', function () {
  this.timeout(120_000);
  let env: Environment;
  const namespace = 'tenantry-system';
  const install = (command: 'install' | 'upgrade', extra: string[] = []) => helm([
    command, 'tenantry', chartDirectory, '-n', namespace, '--values', valuesFile('values-kind.yaml'), ...extra,
  ], { kubeconfig: env.kubeconfigFile });
  const uidOf = async (resource: string) => {
    const result = await env.kubectl(['get', resource, '-o', 'jsonpath={.metadata.uid}']);
    expect(result.code, result.stderr).to.equal(0);
    return result.stdout;
  };

  before(async function () {
    env = await startEnvironment({ keepDir: process.env['TENANTRY_KEEP_TEST_DIR'] === '1' });
    await env.kubectl(['create', 'namespace', namespace]);
  });

  after(async function () {
    await env?.stop();
  });

  it('installs the CRDs and the DatabaseServer (as a hook) in one go, and an upgrade adopts the server in place', async () => {
    expect((await env.kubectl(['get', 'crd', 'tenants.tenantry.dev'])).code, 'no Tenant CRD before the install').to.not.equal(0);
    await install('install');
    const server = await uidOf('databaseserver/local');
    const crd = await uidOf('crd/tenants.tenantry.dev');

    await install('upgrade', ['--set', 'databaseServers[0].capacity=300']);

    expect(await uidOf('databaseserver/local'), 'the same DatabaseServer, updated').to.equal(server);
    expect((await env.kubectl(['get', 'databaseserver', 'local', '-o', 'jsonpath={.spec.capacity}'])).stdout).to.equal('300');
    expect(await uidOf('crd/tenants.tenantry.dev')).to.equal(crd);
    const manifest = await helm(['get', 'manifest', 'tenantry', '-n', namespace], { kubeconfig: env.kubeconfigFile });
    expect(manifest, 'the DatabaseServer is a release resource now').to.match(/kind: DatabaseServer/);

    await helm(['uninstall', 'tenantry', '-n', namespace, '--wait'], { kubeconfig: env.kubeconfigFile });
    expect(await uidOf('databaseserver/local'), 'kept on uninstall').to.equal(server);
    expect(await uidOf('crd/tenants.tenantry.dev'), 'kept on uninstall').to.equal(crd);
  });
});
