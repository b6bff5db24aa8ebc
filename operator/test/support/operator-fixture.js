// Test support: runs the real operator as its own process against the harness, and the Kubernetes
// objects every operator test needs (namespace, admin Secret, DatabaseServer).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { eventually, installCrds, registerDatabaseServer, repositoryRoot, startNodeService, } from '@tenantry/harness';
export const operatorNamespace = 'tenantry-system';
export const harnessServer = 'harness';
export const defaultMigrationsDir = join(repositoryRoot, 'migrations', 'tenant');
/** The real operator as its own process, with short lease and retry timings so tests stay fast. */
export async function startOperator(env, options = {}) {
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
        },
    });
}
/** Installs the CRDs and registers the harness PostgreSQL as the DatabaseServer `harness`. */
export async function ensureDatabaseServer(env) {
    await installCrds(env);
    await registerDatabaseServer(env, { name: harnessServer, namespace: operatorNamespace });
}
export function customObjects(kubeConfig) {
    return kubeConfig.makeApiClient(CustomObjectsApi);
}
export function uniqueTenantName(prefix = 't') {
    return `${prefix}-${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
}
export async function createTenant(env, name, spec = {}) {
    return await customObjects(env.kubeConfig()).createClusterCustomObject({
        group: 'tenantry.dev', version: 'v1alpha1', plural: 'tenants',
        body: {
            apiVersion: 'tenantry.dev/v1alpha1', kind: 'Tenant', metadata: { name },
            spec: { displayName: `Tenant ${name}`, databaseServer: harnessServer, ...spec },
        },
    });
}
export async function readTenant(env, name) {
    try {
        return await customObjects(env.kubeConfig()).getClusterCustomObject({
            group: 'tenantry.dev', version: 'v1alpha1', plural: 'tenants', name,
        });
    }
    catch (error) {
        if (error.code === 404)
            return undefined;
        throw error;
    }
}
export async function patchTenantSpec(env, name, spec) {
    await customObjects(env.kubeConfig()).patchClusterCustomObject({ group: 'tenantry.dev', version: 'v1alpha1', plural: 'tenants', name, body: { spec } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
}
export async function deleteTenant(env, name) {
    await customObjects(env.kubeConfig()).deleteClusterCustomObject({ group: 'tenantry.dev', version: 'v1alpha1', plural: 'tenants', name });
}
const condition = (tenant, type) => tenant?.status?.conditions?.find((c) => c.type === type);
/** Waits until the tenant is Ready for its current generation. */
export async function waitForReady(env, name, timeoutMs = 60_000) {
    return eventually(`tenant ${name} becomes Ready`, async () => {
        const tenant = await readTenant(env, name);
        const ready = condition(tenant, 'Ready');
        return ready?.status === 'True' && tenant?.status?.observedGeneration === tenant?.metadata.generation ? tenant : undefined;
    }, { timeoutMs });
}
export async function waitForTenant(env, name, description, check, timeoutMs = 60_000) {
    let last;
    try {
        await eventually(`tenant ${name}: ${description}`, async () => {
            last = await readTenant(env, name);
            return check(last);
        }, { timeoutMs });
    }
    catch (error) {
        throw new Error(`${error.message}; last status: ${JSON.stringify(last?.status)}`, { cause: error });
    }
    return last;
}
export { condition };
export async function readCredentials(env, name) {
    const secret = await env.kubeConfig().makeApiClient(CoreV1Api).readNamespacedSecret({ name: `tenant-${name}-db`, namespace: operatorNamespace });
    const field = (key) => Buffer.from(secret.data?.[key] ?? '', 'base64').toString('utf8');
    return {
        host: field('host'), port: Number(field('port')), database: field('database'), schema: field('schema'),
        username: field('username'), password: field('password'), uri: field('uri'),
    };
}
//# sourceMappingURL=operator-fixture.js.map