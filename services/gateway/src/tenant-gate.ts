// Admits a request to a tenant only while the Tenant resource, as the watch last saw it, serves requests.
import { tenantAvailability, type Tenant } from '@tenantry/runtime';
import { GatewayRejection, noSuchTenant } from './gateway-errors.js';

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

export function createTenantGate({ lookup, defaultPlan, retryAfterSeconds = 5 }: TenantGateOptions): TenantGate {
  return (name) => {
    const tenant = lookup(name);
    // The exchange said the caller is a member; the watch has not seen the tenant yet (or not any more).
    if (tenant === undefined) throw new GatewayRejection('unknown_tenant', noSuchTenant(name));
    const availability = tenantAvailability(tenant);
    switch (availability.state) {
      case 'serving':
        return { name, plan: tenant.spec.plan ?? defaultPlan };
      // 404 rather than 410: once deleted the tenant is simply unknown, and a name may be created again.
      case 'deleting':
        throw new GatewayRejection('tenant_deleting', `Tenant ${name} is being deleted.`);
      case 'suspended':
        throw new GatewayRejection('tenant_suspended', `Tenant ${name} is suspended.`);
      case 'failed':
        throw new GatewayRejection('tenant_unavailable',
          `Tenant ${name} is unavailable until an operator acts (${availability.reason}); retrying will not help.`);
      case 'provisioning':
        throw new GatewayRejection('tenant_not_ready', `Tenant ${name} is not ready yet (${availability.phase}).`, retryAfterSeconds);
    }
  };
}
