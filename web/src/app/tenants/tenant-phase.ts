// How a tenant's status reads to people: its phase in words and a tone. Phase, not Ready, says whether it serves:
// a suspended tenant is Ready (reconciled) but serves nobody.
import type { TenantCondition, TenantPhase } from '../api/api-types';

export type PhaseTone = 'good' | 'busy' | 'warn' | 'bad';

export function phaseLabel(phase: TenantPhase, suspended = false): string {
  if (suspended && phase !== 'Suspended' && phase !== 'Deleting') return 'Suspending';
  switch (phase) {
    case 'Ready': return 'Ready';
    case 'Pending': return 'Pending';
    case 'Provisioning': return 'Provisioning';
    case 'Migrating': return 'Migrating';
    case 'Suspended': return 'Suspended';
    case 'Deleting': return 'Deleting';
    case 'Failed': return 'Failed';
  }
}

export function phaseTone(phase: TenantPhase): PhaseTone {
  switch (phase) {
    case 'Ready': return 'good';
    case 'Pending': case 'Provisioning': case 'Migrating': case 'Deleting': return 'busy';
    case 'Suspended': return 'warn';
    case 'Failed': return 'bad';
  }
}

/** The kstatus conditions worth a badge in a list: Reconciling and Stalled when True, Ready as it is. */
export function conditionBadges(conditions: readonly TenantCondition[]): { label: string; tone: PhaseTone; title: string }[] {
  const badges: { label: string; tone: PhaseTone; title: string }[] = [];
  for (const condition of conditions) {
    const title = `${condition.type}=${condition.status}: ${condition.reason}${condition.message === '' ? '' : ` — ${condition.message}`}`;
    if (condition.type === 'Ready') badges.push({ label: `Ready ${condition.status}`, tone: condition.status === 'True' ? 'good' : 'busy', title });
    if (condition.type === 'Reconciling' && condition.status === 'True') badges.push({ label: 'Reconciling', tone: 'busy', title });
    if (condition.type === 'Stalled' && condition.status === 'True') badges.push({ label: 'Stalled', tone: 'bad', title });
  }
  return badges;
}
