// The policy engine: resolves and checks a user's permissions in a tenant (cached), and manages roles and permissions.
import type pg from 'pg';
import type { PolicyChanges } from './policy-changes.js';
import {
  grantBuiltin, grantNotFound, permissionBuiltin, permissionExists, permissionInUse, permissionNotFound, platformPermissionNotGrantable, roleBuiltin,
  roleExists, roleInUse, roleNotFound, unknownPermissions,
} from './policy-errors.js';
import { createPolicyRepository, type AuditRecord, type PermissionRecord, type RoleRecord } from './policy-repository.js';
import type { Resolution, ResolutionCache } from './resolution-cache.js';

/** Held through the identity provider's platform-admin group, never through a tenant role. */
export const platformAdminPermission = 'tenants:admin';

export interface CheckResult {
  readonly allowed: boolean;
  /** Why, for people and logs: "granted by role editor", "no membership in tenant acme", … */
  readonly reason: string;
}

export interface PolicyService {
  resolve(user: string, tenant: string): Promise<Resolution>;
  /**
   * The serialised answer of a resolution the cache holds (serialised by `serialize` once per cached resolution),
   * or undefined on a miss, which is left for `resolve` to count and answer.
   */
  cachedResponse(user: string, tenant: string, serialize: (resolution: Resolution) => string): string | undefined;
  /** Whether the cache holds the resolution now (a hint: it may be invalidated the next moment). */
  isCached(user: string, tenant: string): boolean;
  check(user: string, tenant: string, permission: string): Promise<CheckResult>;
  listRoles(): Promise<RoleRecord[]>;
  getRole(name: string): Promise<RoleRecord>;
  createRole(actor: string, role: { name: string; description: string; permissions: readonly string[] }): Promise<RoleRecord>;
  updateRole(actor: string, name: string, change: { description: string }): Promise<RoleRecord>;
  deleteRole(actor: string, name: string): Promise<void>;
  grant(actor: string, role: string, permission: string): Promise<RoleRecord>;
  revoke(actor: string, role: string, permission: string): Promise<RoleRecord>;
  listPermissions(): Promise<PermissionRecord[]>;
  createPermission(actor: string, permission: { name: string; description: string }): Promise<PermissionRecord>;
  deletePermission(actor: string, name: string): Promise<void>;
  listAudit(options: { limit: number; before?: string }): Promise<AuditRecord[]>;
}

export interface PolicyServiceOptions {
  readonly pool: pg.Pool;
  readonly changes: PolicyChanges;
  readonly cache: ResolutionCache;
  /** Named in the reasons given for tenants:admin. */
  readonly adminGroup: string;
  /** Told whether each resolution came from the cache (for metrics). */
  readonly onResolve?: (cached: boolean) => void;
}

export function createPolicyService(options: PolicyServiceOptions): PolicyService {
  const { pool, changes, cache, adminGroup, onResolve } = options;
  const reader = createPolicyRepository(pool);

  const resolve = async (user: string, tenant: string): Promise<Resolution> => {
    const cached = cache.get(user, tenant);
    onResolve?.(cached !== undefined);
    if (cached) return cached;
    const version = cache.version();
    const resolution = toResolution(user, tenant, await reader.grantsOf(user, tenant));
    cache.set(resolution, version);
    return resolution;
  };

  const getRole = async (name: string): Promise<RoleRecord> => {
    const role = await reader.findRole(name);
    if (!role) throw roleNotFound(name);
    return role;
  };

  const refuseUngrantable = async (field: string, permissions: readonly string[]): Promise<void> => {
    const reserved = permissions.find((permission) => permission === platformAdminPermission);
    if (reserved !== undefined) throw platformPermissionNotGrantable(field, reserved, adminGroup);
    const known = new Set((await reader.listPermissions()).map((permission) => permission.name));
    const unknown = permissions.filter((permission) => !known.has(permission));
    if (unknown.length > 0) throw unknownPermissions(field, unknown);
  };

  return {
    resolve,
    cachedResponse(user, tenant, serialize) {
      const body = cache.response(user, tenant, serialize);
      if (body !== undefined) onResolve?.(true);
      return body;
    },
    isCached: (user, tenant) => cache.get(user, tenant) !== undefined,
    async check(user, tenant, permission) {
      if (permission === platformAdminPermission) {
        return { allowed: false, reason: `${permission} is held through the ${adminGroup} group, never through a tenant role` };
      }
      const resolution = await resolve(user, tenant);
      return explainCheck(resolution, permission);
    },
    listRoles: () => reader.listRoles(),
    getRole,
    async createRole(actor, { name, description, permissions }) {
      await refuseUngrantable('permissions', permissions);
      await changes.apply(actor, async (tx) => {
        if (!(await tx.policy.insertRole({ name, description }))) throw roleExists(name);
        for (const permission of permissions) await tx.policy.grant(name, permission);
        tx.record('role.created', { role: name, description, permissions });
      });
      return getRole(name);
    },
    async updateRole(actor, name, { description }) {
      await changes.apply(actor, async (tx) => {
        if (!(await tx.policy.updateRoleDescription(name, description))) throw roleNotFound(name);
        tx.record('role.updated', { role: name, description });
      });
      return getRole(name);
    },
    async deleteRole(actor, name) {
      await changes.apply(actor, async (tx) => {
        const role = await tx.policy.findRole(name);
        if (!role) throw roleNotFound(name);
        if (role.builtin) throw roleBuiltin(name);
        const holders = await tx.policy.countMembershipsWithRole(name);
        if (holders > 0) throw roleInUse(name, holders);
        await tx.policy.deleteRole(name);
        tx.record('role.deleted', { role: name, permissions: role.permissions });
      });
    },
    async grant(actor, role, permission) {
      if (permission === platformAdminPermission) throw platformPermissionNotGrantable('permission', permission, adminGroup);
      await changes.apply(actor, async (tx) => {
        if (!(await tx.policy.findRole(role))) throw roleNotFound(role);
        if (!(await tx.policy.findPermission(permission))) throw permissionNotFound(permission);
        if (await tx.policy.grant(role, permission)) tx.record('permission.granted', { role, permission });
      });
      return getRole(role);
    },
    async revoke(actor, role, permission) {
      await changes.apply(actor, async (tx) => {
        if (!(await tx.policy.findRole(role))) throw roleNotFound(role);
        const outcome = await tx.policy.revoke(role, permission);
        if (outcome === 'absent') throw grantNotFound(role, permission);
        if (outcome === 'builtin') throw grantBuiltin(role, permission);
        tx.record('permission.revoked', { role, permission });
      });
      return getRole(role);
    },
    listPermissions: () => reader.listPermissions(),
    async createPermission(actor, { name, description }) {
      await changes.apply(actor, async (tx) => {
        if (!(await tx.policy.insertPermission({ name, description }))) throw permissionExists(name);
        tx.record('permission.created', { permission: name, description });
      });
      return { name, description, builtin: false, roles: [] };
    },
    async deletePermission(actor, name) {
      await changes.apply(actor, async (tx) => {
        const permission = await tx.policy.findPermission(name);
        if (!permission) throw permissionNotFound(name);
        if (permission.builtin) throw permissionBuiltin(name);
        if (permission.roles.length > 0) throw permissionInUse(name, permission.roles);
        await tx.policy.deletePermission(name);
        tx.record('permission.deleted', { permission: name });
      });
    },
    listAudit: (options) => reader.listAudit(options),
  };
}

function toResolution(user: string, tenant: string, grants: readonly { role: string; permission: string | null }[]): Resolution {
  const grantedBy: Record<string, string[]> = {};
  const roles = new Set<string>();
  for (const { role, permission } of grants) {
    roles.add(role);
    if (permission !== null) (grantedBy[permission] ??= []).push(role);
  }
  for (const holders of Object.values(grantedBy)) holders.sort();
  return { user, tenant, roles: [...roles].sort(), permissions: Object.keys(grantedBy).sort(), grantedBy };
}

function explainCheck(resolution: Resolution, permission: string): CheckResult {
  const { roles, tenant, grantedBy } = resolution;
  if (roles.length === 0) return { allowed: false, reason: `no membership in tenant ${tenant}` };
  const granting = grantedBy[permission];
  if (granting !== undefined && granting.length > 0) return { allowed: true, reason: `granted by role ${granting[0]}` };
  return roles.length === 1
    ? { allowed: false, reason: `role ${roles[0]} does not grant ${permission}` }
    : { allowed: false, reason: `roles ${roles.join(', ')} do not grant ${permission}` };
}
