// Tenant resources as tests create, read, change, await and delete them, and the credentials Secret the operator writes.
import { randomBytes } from 'node:crypto';
import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import { findCondition, type Tenant, type TenantSpec, type WithConditions } from '@tenantry/runtime';
import type { Environment } from '../environment.js';
import { eventually } from '../eventually.js';
import { harnessServer, operatorNamespace } from './operator-process.js';

export function customObjects(kubeConfig: KubeConfig): CustomObjectsApi {
  return kubeConfig.makeApiClient(CustomObjectsApi);
}

export function uniqueTenantName(prefix = 't'): string {
  return `${prefix}-${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
}

export async function createTenant(env: Environment, name: string, spec: Partial<TenantSpec> = {}): Promise<Tenant> {
  return await customObjects(env.kubeConfig()).createClusterCustomObject({
    group: 'tenantry.dev', version: 'v1alpha1', plural: 'tenants',
    body: {
      apiVersion: 'tenantry.dev/v1alpha1', kind: 'Tenant', metadata: { name },
      spec: { displayName: `Tenant ${name}`, databaseServer: harnessServer, ...spec },
    },
  }) as Tenant;
}

export async function readTenant(env: Environment, name: string): Promise<Tenant | undefined> {
  try {
    return await customObjects(env.kubeConfig()).getClusterCustomObject({
      group: 'tenantry.dev', version: 'v1alpha1', plural: 'tenants', name,
    }) as Tenant;
  } catch (error) {
    if ((error as { code?: number }).code === 404) return undefined;
    throw error;
  }
}

export async function patchTenantSpec(env: Environment, name: string, spec: Partial<TenantSpec>): Promise<void> {
  await customObjects(env.kubeConfig()).patchClusterCustomObject(
    { group: 'tenantry.dev', version: 'v1alpha1', plural: 'tenants', name, body: { spec } },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
}

export async function deleteTenant(env: Environment, name: string): Promise<void> {
  await customObjects(env.kubeConfig()).deleteClusterCustomObject({ group: 'tenantry.dev', version: 'v1alpha1', plural: 'tenants', name });
}

/** The condition of `type` in a Tenant's or DatabaseServer's status, if any. */
export const condition = (resource: WithConditions | undefined, type: string) => findCondition(resource, type);

/** Waits until the tenant is Ready and serving (phase Ready, not a carried-out suspension) for its current generation. */
export async function waitForReady(env: Environment, name: string, timeoutMs = 60_000): Promise<Tenant> {
  return eventually(`tenant ${name} becomes Ready`, async () => {
    const tenant = await readTenant(env, name);
    const ready = condition(tenant, 'Ready')?.status === 'True' && tenant?.status?.phase === 'Ready';
    return ready && tenant?.status?.observedGeneration === tenant?.metadata.generation ? tenant : undefined;
  }, { timeoutMs });
}

export async function waitForTenant(env: Environment, name: string, description: string, check: (tenant: Tenant | undefined) => boolean, timeoutMs = 60_000): Promise<Tenant | undefined> {
  let last: Tenant | undefined;
  try {
    await eventually(`tenant ${name}: ${description}`, async () => {
      last = await readTenant(env, name);
      return check(last);
    }, { timeoutMs });
  } catch (error) {
    throw new Error(`${(error as Error).message}; last status: ${JSON.stringify(last?.status)}`, { cause: error });
  }
  return last;
}

/** Every key of a tenant's credentials Secret (`jdbc-uri` as jdbcUri). */
export interface TenantCredentials {
  host: string; port: number; database: string; dbname: string; schema: string; username: string; password: string;
  sslmode: string; uri: string; jdbcUri: string; pgpass: string;
}

export async function readCredentials(env: Environment, name: string): Promise<TenantCredentials> {
  const secret = await env.kubeConfig().makeApiClient(CoreV1Api).readNamespacedSecret({ name: `tenant-${name}-db`, namespace: operatorNamespace });
  const field = (key: string) => Buffer.from(secret.data?.[key] ?? '', 'base64').toString('utf8');
  return {
    host: field('host'), port: Number(field('port')), database: field('database'), dbname: field('dbname'), schema: field('schema'),
    username: field('username'), password: field('password'), sslmode: field('sslmode'), uri: field('uri'),
    jdbcUri: field('jdbc-uri'), pgpass: field('pgpass'),
  };
}
