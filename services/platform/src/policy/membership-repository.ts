// SQL for tenant memberships and for the users they are bound to.
import type { Queryable } from '../database/master-database.js';

export type MembershipSource = 'api' | 'tenant-spec';

export interface MembershipRecord {
  id: string;
  /** The OIDC subject; null while the membership waits for the owner of `email` to sign in. */
  userId: string | null;
  email: string | null;
  tenant: string;
  role: string;
  source: MembershipSource;
  createdAt: Date;
}

export interface UserRecord {
  readonly userId: string;
  readonly email: string | undefined;
  readonly emailVerified: boolean;
}

export interface MembershipRepository {
  /** A membership named by subject shows the e-mail its user last verified, when one is known. */
  listByTenant(tenant: string): Promise<MembershipRecord[]>;
  /** Every membership bound to the subject `userId`, by tenant. */
  listByUser(userId: string): Promise<MembershipRecord[]>;
  find(tenant: string, id: string): Promise<MembershipRecord | undefined>;
  /** Undefined when the user already holds that role in that tenant. */
  insertForUser(membership: { userId: string; email: string | undefined; tenant: string; role: string; source: MembershipSource }): Promise<MembershipRecord | undefined>;
  /**
   * One membership per e-mail, bound at once to the subject of the one known user with that verified
   * e-mail, pending otherwise. Returns the rows inserted; duplicates are skipped.
   */
  insertForEmails(membership: { emails: readonly string[]; tenant: string; role: string; source: MembershipSource }): Promise<MembershipRecord[]>;
  /** Undefined when the membership does not exist; throws a unique violation (23505) when the user holds that role already. */
  updateRole(tenant: string, id: string, role: string): Promise<MembershipRecord | undefined>;
  delete(tenant: string, id: string): Promise<boolean>;
  deleteByTenant(tenant: string): Promise<MembershipRecord[]>;
  /** Removes the tenant-spec memberships of `role` whose e-mail is not among `keep` (lower-case). */
  deleteFromSpecExcept(tenant: string, role: string, keep: readonly string[]): Promise<MembershipRecord[]>;
  upsertUser(user: UserRecord): Promise<void>;
  /**
   * Serialises, until the transaction ends, everything that binds these e-mails to a subject: without it a
   * sign-in and an invitation committing at the same moment would each miss the other's row.
   */
  lockEmails(emails: readonly string[]): Promise<void>;
  /** Pending rows the user already holds under their subject: binding them would duplicate a grant. */
  deletePendingDuplicates(userId: string, email: string): Promise<number>;
  /** Gives the pending memberships of `email` to the subject `userId`. */
  bindPending(userId: string, email: string): Promise<MembershipRecord[]>;
}

// First key of the two-key advisory locks on e-mails ("TNml"), apart from node-pg-migrate's one-key lock.
const emailLockSpace = 0x544e6d6c;

const columns = `id::text AS id, user_id AS "userId", email, tenant, role, source, created_at AS "createdAt"`;

export function createMembershipRepository(db: Queryable): MembershipRepository {
  return {
    async listByTenant(tenant) {
      const { rows } = await db.query<MembershipRecord>(
        `SELECT m.id::text AS id, m.user_id AS "userId", COALESCE(m.email, CASE WHEN u.email_verified THEN u.email END) AS email,
                m.tenant, m.role, m.source, m.created_at AS "createdAt"
         FROM memberships m LEFT JOIN users u ON u.user_id = m.user_id WHERE m.tenant = $1 ORDER BY m.id`, [tenant]);
      return rows;
    },
    async listByUser(userId) {
      const { rows } = await db.query<MembershipRecord>(
        `SELECT ${columns} FROM memberships WHERE user_id = $1 ORDER BY tenant, role`, [userId]);
      return rows;
    },
    async find(tenant, id) {
      const { rows } = await db.query<MembershipRecord>(
        `SELECT ${columns} FROM memberships WHERE tenant = $1 AND id = $2::bigint`, [tenant, id]);
      return rows[0];
    },
    async insertForUser({ userId, email, tenant, role, source }) {
      const { rows } = await db.query<MembershipRecord>(
        `INSERT INTO memberships (user_id, email, tenant, role, source) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING RETURNING ${columns}`, [userId, email ?? null, tenant, role, source]);
      return rows[0];
    },
    async insertForEmails({ emails, tenant, role, source }) {
      // The sub-select yields NULL (pending) unless exactly one user has verified that e-mail.
      const { rows } = await db.query<MembershipRecord>(
        `INSERT INTO memberships (user_id, email, tenant, role, source)
         SELECT (SELECT min(u.user_id) FROM users u WHERE u.email_verified AND lower(u.email) = lower(e.email) HAVING count(*) = 1),
                e.email, $2, $3, $4
         FROM unnest($1::text[]) AS e(email)
         ON CONFLICT DO NOTHING RETURNING ${columns}`, [emails, tenant, role, source]);
      return rows;
    },
    async updateRole(tenant, id, role) {
      const { rows } = await db.query<MembershipRecord>(
        `UPDATE memberships SET role = $3 WHERE tenant = $1 AND id = $2::bigint RETURNING ${columns}`, [tenant, id, role]);
      return rows[0];
    },
    async delete(tenant, id) {
      const { rowCount } = await db.query('DELETE FROM memberships WHERE tenant = $1 AND id = $2::bigint', [tenant, id]);
      return rowCount === 1;
    },
    async deleteByTenant(tenant) {
      const { rows } = await db.query<MembershipRecord>(`DELETE FROM memberships WHERE tenant = $1 RETURNING ${columns}`, [tenant]);
      return rows;
    },
    async deleteFromSpecExcept(tenant, role, keep) {
      const { rows } = await db.query<MembershipRecord>(
        `DELETE FROM memberships WHERE tenant = $1 AND role = $2 AND source = 'tenant-spec' AND NOT (lower(email) = ANY($3::text[]))
         RETURNING ${columns}`, [tenant, role, keep]);
      return rows;
    },
    async upsertUser({ userId, email, emailVerified }) {
      await db.query(
        // A token without an e-mail (a Cognito access token alone) says nothing about the address: keep the one known.
        `INSERT INTO users (user_id, email, email_verified) VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO UPDATE SET
           email = coalesce(EXCLUDED.email, users.email),
           email_verified = CASE WHEN EXCLUDED.email IS NULL THEN users.email_verified ELSE EXCLUDED.email_verified END,
           last_seen_at = now()`,
        [userId, email ?? null, emailVerified]);
    },
    async lockEmails(emails) {
      // Sorted, so two transactions locking overlapping sets cannot deadlock.
      await db.query(
        `SELECT pg_advisory_xact_lock($2, k) FROM (SELECT DISTINCT hashtext(lower(e)) AS k FROM unnest($1::text[]) AS e ORDER BY k) AS keys`,
        [emails, emailLockSpace]);
    },
    async deletePendingDuplicates(userId, email) {
      const { rowCount } = await db.query(
        `DELETE FROM memberships p WHERE p.user_id IS NULL AND lower(p.email) = lower($2)
         AND EXISTS (SELECT 1 FROM memberships b WHERE b.user_id = $1 AND b.tenant = p.tenant AND b.role = p.role)`,
        [userId, email]);
      return rowCount ?? 0;
    },
    async bindPending(userId, email) {
      const { rows } = await db.query<MembershipRecord>(
        `UPDATE memberships SET user_id = $1 WHERE user_id IS NULL AND lower(email) = lower($2) RETURNING ${columns}`,
        [userId, email]);
      return rows;
    },
  };
}
