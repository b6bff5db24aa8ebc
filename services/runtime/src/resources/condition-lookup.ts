// Reading a resource's status conditions (metav1.Condition lists): the one place that looks a condition up.
import type { Condition } from './tenantry-resources.js';

/** Anything with a status that may carry conditions: Tenants, DatabaseServers. */
export interface WithConditions {
  readonly status?: { readonly conditions?: readonly Condition[] | undefined } | undefined;
}

export function findCondition(resource: WithConditions | undefined, type: string): Condition | undefined {
  return resource?.status?.conditions?.find((condition) => condition.type === type);
}

/** True when the condition is present with status "True" (kstatus's abnormal-true and Ready alike). */
export function conditionIsTrue(resource: WithConditions | undefined, type: string): boolean {
  return findCondition(resource, type)?.status === 'True';
}
