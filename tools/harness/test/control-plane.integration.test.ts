// The harness's API server behaves like a real cluster: CRDs, watches, status subresource, kubectl.
import { expect } from 'chai';
import {
  ApiextensionsV1Api, CoreV1Api, CustomObjectsApi, PatchStrategy, Watch, setHeaderOptions,
} from '@kubernetes/client-node';
import { eventually, sharedEnvironment, type Environment } from '../src/index.js';

const group = 'harness.tenantry.dev';
const plural = 'widgets';

const widgetCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${plural}.${group}` },
  spec: {
    group,
    scope: 'Cluster',
    names: { plural, singular: 'widget', kind: 'Widget' },
    versions: [{
      name: 'v1', served: true, storage: true,
      subresources: { status: {} },
      additionalPrinterColumns: [{ name: 'Phase', type: 'string', jsonPath: '.status.phase' }],
      schema: {
        openAPIV3Schema: {
          type: 'object',
          properties: {
            spec: { type: 'object', required: ['size'], properties: { size: { type: 'integer', minimum: 1 } } },
            status: { type: 'object', properties: { phase: { type: 'string' } } },
          },
        },
      },
    }],
  },
};

describe('control plane (integration)', function () {
  this.timeout(120_000);
  let env: Environment;

  before(async () => {
    env = await sharedEnvironment();
    const applied = await env.kubectl(['apply', '-f', '-'], JSON.stringify(widgetCrd));
    expect(applied.code, applied.stderr).to.equal(0);
    const extensions = env.kubeConfig().makeApiClient(ApiextensionsV1Api);
    await eventually('the Widget CRD is Established', async () => {
      const crd = await extensions.readCustomResourceDefinition({ name: widgetCrd.metadata.name });
      return crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True');
    });
  });

  it('creates a custom resource, sees it through a watch, patches its status and lists it with kubectl', async () => {
    const objects = env.kubeConfig().makeApiClient(CustomObjectsApi);
    // List first and watch from the list's resourceVersion: every later change is then delivered.
    const list = await eventually('the Widget resource is served', () =>
      objects.listClusterCustomObject({ group, version: 'v1', plural }) as Promise<{ metadata: { resourceVersion: string } }>);
    const seen: Array<{ type: string; phase: string | undefined }> = [];
    let watchError: unknown;
    const request = await new Watch(env.kubeConfig()).watch(`/apis/${group}/v1/${plural}`,
      { resourceVersion: list.metadata.resourceVersion },
      (type, object: { metadata: { name: string }; status?: { phase?: string } }) => {
        if (object.metadata.name === 'blue') seen.push({ type, phase: object.status?.phase });
      },
      (error: unknown) => { watchError = error; });
    try {
      await objects.createClusterCustomObject({
        group, version: 'v1', plural,
        body: { apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name: 'blue' }, spec: { size: 3 } },
      });
      await objects.patchClusterCustomObjectStatus(
        { group, version: 'v1', plural, name: 'blue', body: { status: { phase: 'Shiny' } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      await eventually('the watch delivers the status change', () => {
        if (watchError) throw watchError as Error;
        return seen.some((event) => event.phase === 'Shiny');
      });
      expect(seen).to.deep.equal([{ type: 'ADDED', phase: undefined }, { type: 'MODIFIED', phase: 'Shiny' }]);
    } finally {
      request.abort();
    }

    const listed = await env.kubectl(['get', 'widgets', 'blue', '--no-headers', '-o', 'custom-columns=NAME:.metadata.name,PHASE:.status.phase']);
    expect(listed.code, listed.stderr).to.equal(0);
    expect(listed.stdout.trim().split(/\s+/)).to.deep.equal(['blue', 'Shiny']);
  });

  it('refuses an object that breaks the CRD schema, with the reason', async () => {
    const refused = await env.kubectl(['apply', '-f', '-'],
      JSON.stringify({ apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name: 'tiny' }, spec: { size: 0 } }));
    expect(refused.code).to.not.equal(0);
    expect(refused.stderr).to.match(/spec\.size: Invalid value: 0: spec\.size in body should be greater than or equal to 1/);
  });

  it('runs garbage collection: an object whose owner is deleted goes away', async () => {
    const core = env.kubeConfig().makeApiClient(CoreV1Api);
    const namespace = `gc-${Date.now().toString(36)}`;
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    const owner = await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'owner' } } });
    await core.createNamespacedSecret({
      namespace,
      body: {
        metadata: {
          name: 'owned',
          ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata!.uid! }],
        },
        stringData: { key: 'value' },
      },
    });
    await core.deleteNamespacedConfigMap({ namespace, name: 'owner' });
    await eventually('the garbage collector deletes the owned Secret', async () => {
      const secrets = await core.listNamespacedSecret({ namespace });
      return !secrets.items.some((secret) => secret.metadata?.name === 'owned');
    }, { timeoutMs: 60_000 });
  });
});
