import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { type Environment, type NodeService } from '@tenantry/harness';
import type { Tenant, TenantSpec } from '@tenantry/runtime';
export declare const operatorNamespace = "tenantry-system";
export declare const harnessServer = "harness";
export declare const defaultMigrationsDir: string;
export type OperatorProcess = NodeService;
export interface OperatorOptions {
    readonly migrationsDir?: string;
    readonly failpoints?: readonly string[];
    readonly identity?: string;
    readonly leaseDuration?: string;
}
/** The real operator as its own process, with short lease and retry timings so tests stay fast. */
export declare function startOperator(env: Environment, options?: OperatorOptions): Promise<OperatorProcess>;
/** Installs the CRDs and registers the harness PostgreSQL as the DatabaseServer `harness`. */
export declare function ensureDatabaseServer(env: Environment): Promise<void>;
export declare function customObjects(kubeConfig: KubeConfig): CustomObjectsApi;
export declare function uniqueTenantName(prefix?: string): string;
export declare function createTenant(env: Environment, name: string, spec?: Partial<TenantSpec>): Promise<Tenant>;
export declare function readTenant(env: Environment, name: string): Promise<Tenant | undefined>;
export declare function patchTenantSpec(env: Environment, name: string, spec: Partial<TenantSpec>): Promise<void>;
export declare function deleteTenant(env: Environment, name: string): Promise<void>;
declare const condition: (tenant: Tenant | undefined, type: string) => import("@tenantry/runtime").Condition | undefined;
/** Waits until the tenant is Ready for its current generation. */
export declare function waitForReady(env: Environment, name: string, timeoutMs?: number): Promise<Tenant>;
export declare function waitForTenant(env: Environment, name: string, description: string, check: (tenant: Tenant | undefined) => boolean, timeoutMs?: number): Promise<Tenant | undefined>;
export { condition };
export interface TenantCredentials {
    host: string;
    port: number;
    database: string;
    schema: string;
    username: string;
    password: string;
    uri: string;
}
export declare function readCredentials(env: Environment, name: string): Promise<TenantCredentials>;
