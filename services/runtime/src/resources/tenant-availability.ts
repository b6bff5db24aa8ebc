// Whether a tenant serves requests, read from its resource the same way by every process that gates on it.
import { conditionIsTrue, findCondition } from './condition-lookup.js';
import type { Tenant } from './tenantry-resources.js';

/**
 * What a caller may be told about a tenant's storage:
 * - `serving`: provisioned and not suspended;
 * - `provisioning`: not serving yet, or again (being created, migrated, retrying a transient failure): retry later;
 * - `failed`: Stalled, waiting for a human (the reason and message say why): retrying will not help;
 * - `suspended`, `deleting`: refused until the spec changes.
 */
export type TenantAvailability =
  | { readonly state: 'serving' }
  | { readonly state: 'provisioning'; readonly phase: string }
  | { readonly state: 'failed'; readonly reason: string; readonly message: string }
  | { readonly state: 'suspended' }
  | { readonly state: 'deleting' };

/**
 * Ready=True alone does not mean serving: a suspension carried out is Ready (reconciled, for kstatus) too.
 * spec.suspended counts at once, before the operator's pass that carries it out.
 */
export function tenantAvailability(tenant: Tenant): TenantAvailability {
  const status = tenant.status;
  if (tenant.metadata.deletionTimestamp !== undefined || status?.phase === 'Deleting') return { state: 'deleting' };
  if (tenant.spec.suspended === true || status?.phase === 'Suspended') return { state: 'suspended' };
  const stalled = findCondition(tenant, 'Stalled');
  if (stalled?.status === 'True') return { state: 'failed', reason: stalled.reason, message: stalled.message };
  if (conditionIsTrue(tenant, 'Ready') && status?.phase === 'Ready') return { state: 'serving' };
  return { state: 'provisioning', phase: status?.phase ?? 'Pending' };
}
