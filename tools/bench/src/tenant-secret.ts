// A Ready tenant's connection URI, read from the credentials Secret the operator wrote (as the platform reads it).
import { CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import type { Tenant } from '@tenantry/runtime';
import { BENCH_NAMESPACE } from './operator-fleet.js';

export async function tenantDatabaseUri(kubeConfig: KubeConfig, tenant: string): Promise<string> {
  const objects = kubeConfig.makeApiClient(CustomObjectsApi);
  const resource = await objects.getClusterCustomObject({ group: 'tenantry.dev', version: 'v1alpha1', plural: 'tenants', name: tenant }) as Tenant;
  const secretName = resource.status?.database?.secretName;
  if (secretName === undefined) throw new Error(`tenant ${tenant} names no credentials Secret`);
  const secret = await kubeConfig.makeApiClient(CoreV1Api).readNamespacedSecret({ name: secretName, namespace: BENCH_NAMESPACE });
  const uri = secret.data?.['uri'];
  if (uri === undefined) throw new Error(`the Secret ${secretName} has no uri`);
  return Buffer.from(uri, 'base64').toString('utf8');
}
