// Test support: runs the real operator as its own process against the harness, and the Kubernetes
// objects every operator test needs (namespace, admin Secret, DatabaseServer).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import {
  eventually, installCrds, registerDatabaseServer, repositoryRoot, startNodeService, type Environment, type NodeService,
} from '@tenantry/harness';
import type { Tenant, TenantSpec } from '@tenantry/runtime';

export const operatorNamespace = 'tenantry-system';
export const harnessServer = 'harness';
export const defaultMigrationsDir = join(repositoryRoot, 'migrations', 'tenant');

export type OperatorProcess = NodeService;

export interface OperatorOptions {
  readonly migrationsDir?: string;
  readonly failpoints?: readonly string[];
  readonly identity?: string;
  readonly leaseDuration?: string;
  /** More environment for the process, e.g. OTEL_* settings; wins over the defaults above. */
  readonly env?: Readonly<Record<string, string>>;
}

/** The real operator as its own process, with short lease and retry timings so tests stay fast. */
export async function startOperator(env: Environment, options: OperatorOptions = {}): Promise<OperatorProcess> {
  const identity = options.identity ?? `operator-${randomBytes(3).toString('hex')}`;
  return startNodeService({
    name: `operator-${identity}`,
    entry: 'operator/src/main.ts',
    logDir: env.dir,
    portVariable: 'OPERATOR_HTTP_PORT',
    env: {
      KUBECONFIG: env.kubeconfigFile,
      OPERATOR_NAMESPACE: operatorNamespace,
      OPERATOR_HTTP_HOST: '127.0.0.1',
      OPERATOR_IDENTITY: identity,
      OPERATOR_LEASE_DURATION: options.leaseDuration ?? '3s',
      OPERATOR_RENEW_DEADLINE: '2s',
      OPERATOR_RETRY_PERIOD: '250ms',
      OPERATOR_RETRY_BASE: '100ms',
      OPERATOR_RETRY_MAX: '2s',
      TENANT_MIGRATIONS_DIR: options.migrationsDir ?? defaultMigrationsDir,
      TENANTRY_FAILPOINTS: (options.failpoints ?? []).join(','),
      LOG_LEVEL: 'debug',
      ...options.env,
    },
  });
}

/** Installs the CRDs and registers the harness PostgreSQL as the DatabaseServer `harness`. */
export async function ensureDatabaseServer(env: Environment): Promise<void> {
  await installCrds(env);
  await registerDatabaseServer(env, { name: harnessServer, namespace: operatorNamespace });
}

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

const condition = (tenant: Tenant | undefined, type: string) => tenant?.status?.conditions?.find((c) => c.type === type);

/** Waits until the tenant is Ready for its current generation. */
export async function waitForReady(env: Environment, name: string, timeoutMs = 60_000): Promise<Tenant> {
  return eventually(`tenant ${name} becomes Ready`, async () => {
    const tenant = await readTenant(env, name);
    const ready = condition(tenant, 'Ready');
    return ready?.status === 'True' && tenant?.status?.observedGeneration === tenant?.metadata.generation ? tenant : undefined;
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

export { condition };

export interface TenantCredentials {
  host: string; port: number; database: string; schema: string; username: string; password: string; uri: string;
}

export async function readCredentials(env: Environment, name: string): Promise<TenantCredentials> {
  const secret = await env.kubeConfig().makeApiClient(CoreV1Api).readNamespacedSecret({ name: `tenant-${name}-db`, namespace: operatorNamespace });
  const field = (key: string) => Buffer.from(secret.data?.[key] ?? '', 'base64').toString('utf8');
  return {
    host: field('host'), port: Number(field('port')), database: field('database'), schema: field('schema'),
    username: field('username'), password: field('password'), uri: field('uri'),
  };
}
