// The errors of the policy engine, each with a stable code; the HTTP edge maps their kinds to statuses.
import { PlatformError } from '../platform-error.js';

export const roleNotFound = (role: string) =>
  new PlatformError('not-found', 'ROLE_NOT_FOUND', `role ${role} does not exist`);

export const roleExists = (role: string) =>
  new PlatformError('conflict', 'ROLE_EXISTS', `role ${role} exists already`);

export const roleBuiltin = (role: string) =>
  new PlatformError('conflict', 'ROLE_BUILTIN', `role ${role} is built in and cannot be deleted`);

export const roleInUse = (role: string, memberships: number) =>
  new PlatformError('conflict', 'ROLE_IN_USE', `role ${role} is still held by ${memberships} membership${memberships === 1 ? '' : 's'}; remove them first`);

export const permissionNotFound = (permission: string) =>
  new PlatformError('not-found', 'PERMISSION_NOT_FOUND', `permission ${permission} does not exist`);

export const permissionExists = (permission: string) =>
  new PlatformError('conflict', 'PERMISSION_EXISTS', `permission ${permission} exists already`);

export const permissionInUse = (permission: string, roles: readonly string[]) =>
  new PlatformError('conflict', 'PERMISSION_IN_USE', `permission ${permission} is still granted to ${roles.join(', ')}; revoke it first`);

export const unknownPermissions = (field: string, permissions: readonly string[]) =>
  new PlatformError('invalid', 'PERMISSION_UNKNOWN', `permission ${permissions.join(', ')} does not exist`, {
    fields: [{ field, message: `unknown permission ${permissions.join(', ')}` }],
  });

export const platformPermissionNotGrantable = (field: string, permission: string, adminGroup: string) =>
  new PlatformError('invalid', 'PERMISSION_RESERVED',
    `${permission} belongs to platform administrators (group ${adminGroup}) and cannot be granted to a tenant role`,
    { fields: [{ field, message: `${permission} cannot be granted to a role` }] });

export const permissionBuiltin = (permission: string) =>
  new PlatformError('conflict', 'PERMISSION_BUILTIN', `permission ${permission} is built in: the services check it, so it cannot be deleted`);

export const grantBuiltin = (role: string, permission: string) =>
  new PlatformError('conflict', 'GRANT_BUILTIN',
    `${permission} is part of the built-in role ${role}, which would not work without it; grants added to the role can be revoked`);

export const grantNotFound = (role: string, permission: string) =>
  new PlatformError('not-found', 'GRANT_NOT_FOUND', `role ${role} does not have permission ${permission}`);

export const unknownMembershipRole = (role: string) =>
  new PlatformError('invalid', 'ROLE_UNKNOWN', `role ${role} does not exist`, { fields: [{ field: 'role', message: `unknown role ${role}` }] });

export const membershipExists = (tenant: string, role: string) =>
  new PlatformError('conflict', 'MEMBERSHIP_EXISTS', `that user already holds role ${role} in tenant ${tenant}`);

export const membershipNotFound = (tenant: string, id: string) =>
  new PlatformError('not-found', 'MEMBERSHIP_NOT_FOUND', `tenant ${tenant} has no membership ${id}`);

export const membershipManagedBySpec = (tenant: string, email: string) =>
  new PlatformError('conflict', 'MEMBERSHIP_MANAGED_BY_TENANT',
    `the membership of ${email} comes from spec.admins of Tenant ${tenant}; remove the address there instead`);
