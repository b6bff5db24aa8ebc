// Admits a request to a tenant only while the Tenant resource, as the watch last saw it, is Ready and not suspended.
import type { Tenant } from '@tenantry/runtime';
import { GatewayRejection } from './gateway-errors.js';

export interface TenantGateOptions {
  /** The watch cache: no call per request. */
  readonly lookup: (name: string) => Tenant | undefined;
  /** For tenants without spec.plan. */
  readonly defaultPlan: string;
  /** Retry-After while a tenant is provisioning. */
  readonly retryAfterSeconds?: number;
}

/** What the rest of the request needs to know about an admitted tenant. */
export interface AdmittedTenant {
  readonly name: string;
  readonly plan: string;
}

export type TenantGate = (name: string) => AdmittedTenant;

const isReady = (tenant: Tenant) =>
  tenant.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false;

export function createTenantGate({ lookup, defaultPlan, retryAfterSeconds = 5 }: TenantGateOptions): TenantGate {
  return (name) => {
    const tenant = lookup(name);
    if (tenant === undefined) throw new GatewayRejection('unknown_tenant', `There is no tenant ${name}.`);
    // 404 rather than 410: once deleted the tenant is simply unknown, and a name may be created again.
    if (tenant.metadata.deletionTimestamp !== undefined || tenant.status?.phase === 'Deleting') {
      throw new GatewayRejection('tenant_deleting', `Tenant ${name} is being deleted.`);
    }
    // spec.suspended counts at once: the operator's Suspended phase follows only after its next pass.
    if (tenant.spec.suspended === true || tenant.status?.phase === 'Suspended') {
      throw new GatewayRejection('tenant_suspended', `Tenant ${name} is suspended.`);
    }
    if (!isReady(tenant)) {
      throw new GatewayRejection('tenant_not_ready', `Tenant ${name} is not ready yet (${tenant.status?.phase ?? 'Pending'}).`, retryAfterSeconds);
    }
    return { name, plan: tenant.spec.plan ?? defaultPlan };
  };
}
