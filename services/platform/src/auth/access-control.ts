// Who may do what on the platform's own API: platform admins by group, tenant managers by permission.
import { PlatformError } from '../platform-error.js';
import type { CheckResult } from '../policy/policy-service.js';
import type { Caller } from './authentication.js';

export const membersManagePermission = 'members:manage';
/** requireResolveAccess in words, for the OpenAPI document of the operations it guards. */
export const resolveAccessRule = 'Services may ask about anyone; a user about themselves; platform admins and holders of '
  + `${membersManagePermission} in the tenant about anyone there. Anyone else gets 403 ACCESS_DENIED.`;

export interface AccessControl {
  isPlatformAdmin(caller: Caller): boolean;
  /** Members of the platform admin group only (operations declaring `access: 'platform-admin'`). */
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
