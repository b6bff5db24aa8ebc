// Who may do what on the platform's own API: platform admins by group, tenant managers by permission.
import { PlatformError } from '../platform-error.js';
import type { CheckResult } from '../policy/policy-service.js';
import type { Caller } from './authentication.js';

export const membersManagePermission = 'members:manage';

export interface AccessControl {
  isPlatformAdmin(caller: Caller): boolean;
  /** Tenants API, roles and permissions: members of the platform admin group only. */
  requirePlatformAdmin(caller: Caller): void;
  /** Platform admins, or users holding `permission` in `tenant`. */
  requireTenantPermission(caller: Caller, tenant: string, permission: string): Promise<void>;
  /** Resolving someone's permissions: services, platform admins, the user themselves, or the tenant's member managers. */
  requireResolveAccess(caller: Caller, user: string, tenant: string): Promise<void>;
}

export interface AccessControlOptions {
  readonly policy: { check(user: string, tenant: string, permission: string): Promise<CheckResult> };
  readonly adminGroup: string;
}

export const accessDenied = (detail: string) => new PlatformError('forbidden', 'ACCESS_DENIED', detail);

export function createAccessControl({ policy, adminGroup }: AccessControlOptions): AccessControl {
  const isPlatformAdmin = (caller: Caller) => caller.kind === 'user' && caller.principal.groups.includes(adminGroup);

  const requireTenantPermission = async (caller: Caller, tenant: string, permission: string): Promise<void> => {
    if (isPlatformAdmin(caller)) return;
    if (caller.kind !== 'user') throw accessDenied(`service callers cannot use this operation`);
    const { allowed, reason } = await policy.check(caller.principal.subject, tenant, permission);
    if (!allowed) throw accessDenied(`this needs ${permission} in tenant ${tenant}: ${reason}`);
  };

  return {
    isPlatformAdmin,
    requirePlatformAdmin(caller) {
      if (!isPlatformAdmin(caller)) throw accessDenied(`this operation is reserved for members of the ${adminGroup} group`);
    },
    requireTenantPermission,
    async requireResolveAccess(caller, user, tenant) {
      if (caller.kind === 'service' || (caller.kind === 'user' && caller.principal.subject === user)) return;
      await requireTenantPermission(caller, tenant, membersManagePermission);
    },
  };
}
