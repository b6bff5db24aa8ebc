// kstatus's reading of a resource (sigs.k8s.io/cli-utils/pkg/kstatus/status, in its order), for unit tests
// that judge every status version without a cluster; kstatus.integration.test.ts pins the real library.
import { conditionIsTrue, findCondition, type Tenant } from '@tenantry/runtime';

export type KstatusVerdict = 'InProgress' | 'Failed' | 'Current' | 'Terminating';

export function kstatusOf(tenant: Tenant): KstatusVerdict {
  if (tenant.metadata.deletionTimestamp !== undefined) return 'Terminating';
  const observed = tenant.status?.observedGeneration;
  if (observed !== undefined && observed !== tenant.metadata.generation) return 'InProgress';
  if (conditionIsTrue(tenant, 'Reconciling')) return 'InProgress';
  if (conditionIsTrue(tenant, 'Stalled')) return 'Failed';
  const ready = findCondition(tenant, 'Ready');
  if (ready?.status === 'True') return 'Current';
  if (ready !== undefined) return 'InProgress';
  return 'Current';
}
