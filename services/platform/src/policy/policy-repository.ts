// SQL for roles, permissions, grants, permission resolution, the audit log and change notifications.
import type { Queryable } from '../database/master-database.js';

export interface RoleRecord {
  name: string;
  description: string;
  builtin: boolean;
  permissions: string[];
}

export interface PermissionRecord {
  name: string;
  description: string;
  /** Seeded and relied on by the services: it cannot be deleted. */
  builtin: boolean;
  /** Roles granting this permission. */
  roles: string[];
}

/** One (role, permission) pair of a user's memberships in a tenant; permission is null for a role granting nothing. */
export interface GrantRow {
  role: string;
  permission: string | null;
}

export interface AuditRecord {
  id: string;
  actor: string;
  action: string;
  occurredAt: Date;
  detail: Record<string, unknown>;
}

/** The channel every replica LISTENs on; a NOTIFY is delivered only when its transaction commits. */
export const policyChangedChannel = 'policy_changed';

export interface PolicyRepository {
  listRoles(): Promise<RoleRecord[]>;
  findRole(name: string): Promise<RoleRecord | undefined>;
  /** False when a role of that name exists already. */
  insertRole(role: { name: string; description: string }): Promise<boolean>;
  updateRoleDescription(name: string, description: string): Promise<boolean>;
  deleteRole(name: string): Promise<boolean>;
  countMembershipsWithRole(name: string): Promise<number>;
  /** False when the role already had the permission. */
  grant(role: string, permission: string): Promise<boolean>;
  /** `builtin` when the grant is one the seed made, which stays; `absent` when the role did not have the permission. */
  revoke(role: string, permission: string): Promise<'revoked' | 'builtin' | 'absent'>;
  listPermissions(): Promise<PermissionRecord[]>;
  findPermission(name: string): Promise<PermissionRecord | undefined>;
  insertPermission(permission: { name: string; description: string }): Promise<boolean>;
  deletePermission(name: string): Promise<boolean>;
  /** Every (role, permission) the user holds in the tenant through memberships bound to their subject. */
  grantsOf(userId: string, tenant: string): Promise<GrantRow[]>;
  appendAudit(entry: { actor: string; action: string; detail: Record<string, unknown> }): Promise<void>;
  /** Newest first; `before` is an audit id to page backwards from. */
  listAudit(options: { limit: number; before?: string }): Promise<AuditRecord[]>;
  /** Queued in the current transaction: PostgreSQL delivers it to listeners at COMMIT, never on ROLLBACK. */
  notifyChange(payload: string): Promise<void>;
}

const roleColumns = `r.name, r.description, r.builtin,
  coalesce(array_agg(rp.permission ORDER BY rp.permission) FILTER (WHERE rp.permission IS NOT NULL), '{}') AS permissions`;
const permissionColumns = `p.name, p.description, p.builtin,
  coalesce(array_agg(rp.role ORDER BY rp.role) FILTER (WHERE rp.role IS NOT NULL), '{}') AS roles`;

export function createPolicyRepository(db: Queryable): PolicyRepository {
  return {
    async listRoles() {
      const { rows } = await db.query<RoleRecord>(
        `SELECT ${roleColumns} FROM roles r LEFT JOIN role_permissions rp ON rp.role = r.name GROUP BY r.name ORDER BY r.name`);
      return rows;
    },
    async findRole(name) {
      const { rows } = await db.query<RoleRecord>(
        `SELECT ${roleColumns} FROM roles r LEFT JOIN role_permissions rp ON rp.role = r.name WHERE r.name = $1 GROUP BY r.name`,
        [name]);
      return rows[0];
    },
    async insertRole({ name, description }) {
      const { rowCount } = await db.query(
        'INSERT INTO roles (name, description) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, description]);
      return rowCount === 1;
    },
    async updateRoleDescription(name, description) {
      const { rowCount } = await db.query('UPDATE roles SET description = $2 WHERE name = $1', [name, description]);
      return rowCount === 1;
    },
    async deleteRole(name) {
      const { rowCount } = await db.query('DELETE FROM roles WHERE name = $1', [name]);
      return rowCount === 1;
    },
    async countMembershipsWithRole(name) {
      const { rows } = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM memberships WHERE role = $1', [name]);
      return rows[0]?.count ?? 0;
    },
    async grant(role, permission) {
      const { rowCount } = await db.query(
        'INSERT INTO role_permissions (role, permission) VALUES ($1, $2) ON CONFLICT DO NOTHING', [role, permission]);
      return rowCount === 1;
    },
    async revoke(role, permission) {
      const { rows } = await db.query<{ builtin: boolean }>(
        'SELECT builtin FROM role_permissions WHERE role = $1 AND permission = $2 FOR UPDATE', [role, permission]);
      if (rows[0] === undefined) return 'absent';
      if (rows[0].builtin) return 'builtin';
      await db.query('DELETE FROM role_permissions WHERE role = $1 AND permission = $2', [role, permission]);
      return 'revoked';
    },
    async listPermissions() {
      const { rows } = await db.query<PermissionRecord>(
        `SELECT ${permissionColumns} FROM permissions p LEFT JOIN role_permissions rp ON rp.permission = p.name
         GROUP BY p.name, p.builtin ORDER BY p.name`);
      return rows;
    },
    async findPermission(name) {
      const { rows } = await db.query<PermissionRecord>(
        `SELECT ${permissionColumns} FROM permissions p LEFT JOIN role_permissions rp ON rp.permission = p.name
         WHERE p.name = $1 GROUP BY p.name, p.builtin`, [name]);
      return rows[0];
    },
    async insertPermission({ name, description }) {
      const { rowCount } = await db.query(
        'INSERT INTO permissions (name, description) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, description]);
      return rowCount === 1;
    },
    async deletePermission(name) {
      const { rowCount } = await db.query('DELETE FROM permissions WHERE name = $1', [name]);
      return rowCount === 1;
    },
    async grantsOf(userId, tenant) {
      // Served by the (user_id, tenant, role) unique index: one index range plus the role's grants.
      const { rows } = await db.query<GrantRow>(
        `SELECT m.role, rp.permission FROM memberships m LEFT JOIN role_permissions rp ON rp.role = m.role
         WHERE m.user_id = $1 AND m.tenant = $2`, [userId, tenant]);
      return rows;
    },
    async appendAudit({ actor, action, detail }) {
      await db.query('INSERT INTO audit_log (actor, action, detail) VALUES ($1, $2, $3)', [actor, action, JSON.stringify(detail)]);
    },
    async listAudit({ limit, before }) {
      // Qualified: a bare `id` in ORDER BY names the text output column, and '9' sorts after '10'.
      const { rows } = await db.query<AuditRecord>(
        `SELECT id::text AS id, actor, action, occurred_at AS "occurredAt", detail FROM audit_log
         WHERE $2::bigint IS NULL OR audit_log.id < $2::bigint ORDER BY audit_log.id DESC LIMIT $1`, [limit, before ?? null]);
      return rows;
    },
    async notifyChange(payload) {
      await db.query('SELECT pg_notify($1, $2)', [policyChangedChannel, payload]);
    },
  };
}
