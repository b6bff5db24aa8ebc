// The runtime's resource informer against a real API server: label selection, namespaced lookups, and
// trimming what is cached (the operator keeps no Secret data and no managedFields in memory).
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { CoreV1Api, type V1ConfigMap } from '@kubernetes/client-node';
import { eventually, sharedEnvironment, type Environment } from '@tenantry/harness';
import { createLogger, createResourceInformer, withoutManagedFields, type ResourceEvent, type ResourceInformer } from '@tenantry/runtime';

type ConfigMap = V1ConfigMap & { metadata: { name: string } };

describe('resource informer (integration, real API server)', function () {
  this.timeout(60_000);
  const namespace = `informer-${randomBytes(3).toString('hex')}`;
  const selector = 'tenantry.dev/informer-test=yes';
  let env: Environment;
  let core: CoreV1Api;
  let informer: ResourceInformer<ConfigMap>;
  const seen: Array<{ event: ResourceEvent; object: ConfigMap }> = [];

  const create = (name: string, labelled: boolean) => core.createNamespacedConfigMap({
    namespace, body: { metadata: { name, labels: labelled ? { 'tenantry.dev/informer-test': 'yes' } : {} }, data: { secretish: 'value' } },
  });

  before(async () => {
    env = await sharedEnvironment();
    core = env.kubeConfig().makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    await create('before-start', true);
    informer = createResourceInformer<ConfigMap>({
      kubeConfig: env.kubeConfig(), logger: createLogger({ service: 'test', level: 'error' }), kind: 'ConfigMap',
      namespace, labelSelector: selector, path: `/api/v1/namespaces/${namespace}/configmaps`,
      list: () => core.listNamespacedConfigMap({ namespace, labelSelector: selector }) as Promise<{ items: ConfigMap[] }>,
      trim: (configMap) => {
        delete configMap.data;
        withoutManagedFields(configMap);
      },
    });
    informer.subscribe((object, event) => seen.push({ event, object }));
    await informer.start();
  });

  after(async () => {
    await informer?.stop();
    await core?.deleteNamespace({ name: namespace });
  });

  it('caches only labelled objects, found by name in their namespace, without the trimmed fields', async () => {
    await Promise.all([create('labelled', true), create('unlabelled', false)]);

    const cached = await eventually('the labelled ConfigMap is cached', () => informer.get('labelled'));
    expect(cached.data).to.equal(undefined);
    expect(cached.metadata.managedFields).to.equal(undefined);
    expect(informer.get('before-start')?.data).to.equal(undefined);
    expect(informer.get('unlabelled')).to.equal(undefined);
    expect(seen.filter(({ event }) => event !== 'delete').every(({ object }) => object.data === undefined)).to.equal(true);
  });

  it('tells subscribers about deletions and forgets the object', async () => {
    await core.deleteNamespacedConfigMap({ name: 'labelled', namespace });

    await eventually('the deletion reaches the subscriber', () => seen.some(({ event, object }) => event === 'delete' && object.metadata.name === 'labelled'));
    expect(informer.get('labelled')).to.equal(undefined);
  });
});
