// Tenant memberships: managed by hand, mirrored from a Tenant's spec.admins, and bound to users as they sign in.
import type pg from 'pg';
import type { Logger } from '@tenantry/runtime';
import { tenantNotFound } from '../tenants/tenant-errors.js';
import { createMembershipRepository, type MembershipRecord } from './membership-repository.js';
import type { PolicyChanges } from './policy-changes.js';
import { membershipExists, membershipManagedBySpec, membershipNotFound, unknownMembershipRole } from './policy-errors.js';

/** The role spec.admins grants. */
export const tenantAdminRole = 'tenant-admin';
const specActor = 'system:tenant-spec';

/** A user as a verified token shows them. */
export interface SeenUser {
  readonly userId: string;
  readonly email?: string;
  readonly emailVerified: boolean;
}

export interface MembershipService {
  list(tenant: string): Promise<MembershipRecord[]>;
  /** Names the user by subject, or by e-mail only (bound at once when that user is known, pending otherwise). */
  add(actor: string, tenant: string, membership: { user?: string; email?: string; role: string }): Promise<MembershipRecord>;
  /** Gives the membership another role (not for memberships that mirror spec.admins). */
  changeRole(actor: string, tenant: string, id: string, role: string): Promise<MembershipRecord>;
  remove(actor: string, tenant: string, id: string): Promise<void>;
  /** The memberships bound to a user, in every tenant. */
  ofUser(userId: string): Promise<MembershipRecord[]>;
  /**
   * A user presented a verified token: remember them and, when their e-mail is verified, give them the
   * memberships waiting for that e-mail. Cheap when called again soon with the same facts.
   */
  recordUser(user: SeenUser): Promise<void>;
  /** Makes the tenant-admin memberships that come from spec.admins match `emails`. */
  syncTenantAdmins(tenant: string, emails: readonly string[]): Promise<void>;
  /** The Tenant is gone: its memberships go too, so a new tenant of the same name starts with none. */
  forgetTenant(tenant: string): Promise<void>;
}

export interface MembershipServiceOptions {
  readonly pool: pg.Pool;
  readonly changes: PolicyChanges;
  /** Whether a Tenant of that name exists (memberships of unknown tenants are refused). */
  readonly tenantExists: (tenant: string) => Promise<boolean>;
  readonly logger: Logger;
  /** How long recordUser trusts its memory of a user before writing again. */
  readonly recordUserEveryMs?: number;
}

export function createMembershipService(options: MembershipServiceOptions): MembershipService {
  const { pool, changes, tenantExists, logger, recordUserEveryMs = 5 * 60_000 } = options;
  const reader = createMembershipRepository(pool);
  const recentUsers = new Map<string, { facts: string; at: number }>();
  const syncedAdmins = new Map<string, string>();

  return {
    list: (tenant) => reader.listByTenant(tenant),
    ofUser: (userId) => reader.listByUser(userId),

    async add(actor, tenant, { user, email, role }) {
      if (!(await tenantExists(tenant))) throw tenantNotFound(tenant);
      return changes.apply(actor, async (tx) => {
        if (!(await tx.policy.findRole(role))) throw unknownMembershipRole(role);
        let inserted: MembershipRecord | undefined;
        if (user !== undefined) {
          inserted = await tx.memberships.insertForUser({ userId: user, email, tenant, role, source: 'api' });
        } else {
          await tx.memberships.lockEmails([email ?? '']);
          [inserted] = await tx.memberships.insertForEmails({ emails: [email ?? ''], tenant, role, source: 'api' });
        }
        if (!inserted) throw membershipExists(tenant, role);
        tx.record('membership.added', describe(inserted));
        return inserted;
      });
    },

    async changeRole(actor, tenant, id, role) {
      return changes.apply(actor, async (tx) => {
        const membership = await tx.memberships.find(tenant, id);
        if (!membership) throw membershipNotFound(tenant, id);
        if (membership.source === 'tenant-spec') throw membershipManagedBySpec(tenant, membership.email ?? '');
        if (!(await tx.policy.findRole(role))) throw unknownMembershipRole(role);
        if (membership.role === role) return membership;
        // The same user (or pending e-mail) holding the new role already: one grant, never two.
        const changed = await tx.memberships.updateRole(tenant, id, role).catch((error: unknown) => {
          if ((error as { code?: string }).code === '23505') throw membershipExists(tenant, role);
          throw error;
        });
        if (!changed) throw membershipNotFound(tenant, id);
        tx.record('membership.changed', { ...describe(changed), previousRole: membership.role });
        return changed;
      });
    },

    async remove(actor, tenant, id) {
      await changes.apply(actor, async (tx) => {
        const membership = await tx.memberships.find(tenant, id);
        if (!membership) throw membershipNotFound(tenant, id);
        if (membership.source === 'tenant-spec') throw membershipManagedBySpec(tenant, membership.email ?? '');
        await tx.memberships.delete(tenant, id);
        tx.record('membership.removed', describe(membership));
      });
    },

    async recordUser({ userId, email, emailVerified }) {
      const facts = JSON.stringify([email, emailVerified]);
      const recent = recentUsers.get(userId);
      if (recent && recent.facts === facts && Date.now() - recent.at < recordUserEveryMs) return;
      await changes.apply(`user:${userId}`, async (tx) => {
        // Only a verified address may claim what was granted to it: anyone can type an address into a profile.
        const claims = email !== undefined && emailVerified;
        if (claims) await tx.memberships.lockEmails([email]);
        await tx.memberships.upsertUser({ userId, email, emailVerified });
        if (!claims) return;
        await tx.memberships.deletePendingDuplicates(userId, email);
        for (const bound of await tx.memberships.bindPending(userId, email)) tx.record('membership.bound', describe(bound));
      });
      recentUsers.set(userId, { facts, at: Date.now() });
    },

    async syncTenantAdmins(tenant, emails) {
      const wanted = [...new Set(emails.map((email) => email.trim().toLowerCase()))].sort();
      if (syncedAdmins.get(tenant) === wanted.join(',')) return;
      await changes.apply(specActor, async (tx) => {
        await tx.memberships.lockEmails(wanted);
        const added = await tx.memberships.insertForEmails({ emails: wanted, tenant, role: tenantAdminRole, source: 'tenant-spec' });
        const removed = await tx.memberships.deleteFromSpecExcept(tenant, tenantAdminRole, wanted);
        for (const membership of added) tx.record('membership.added', describe(membership));
        for (const membership of removed) tx.record('membership.removed', describe(membership));
        if (added.length + removed.length > 0) {
          logger.info('tenant admins synchronised', { tenant, added: added.length, removed: removed.length });
        }
      });
      syncedAdmins.set(tenant, wanted.join(','));
    },

    async forgetTenant(tenant) {
      syncedAdmins.delete(tenant);
      await changes.apply(specActor, async (tx) => {
        const removed = await tx.memberships.deleteByTenant(tenant);
        if (removed.length === 0) return;
        tx.record('tenant.memberships-removed', { tenant, memberships: removed.map(describe) });
        logger.info('memberships of a deleted tenant removed', { tenant, count: removed.length });
      });
    },
  };
}

function describe(membership: MembershipRecord): Record<string, unknown> {
  const { id, userId, email, tenant, role, source } = membership;
  return { id, tenant, role, user: userId, email, source };
}
