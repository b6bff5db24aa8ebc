// SQL of webhook subscriptions: where events go, which types, and the sealed signing secret.
import type { Queryable } from '../database/master-database.js';

export interface SubscriptionRecord {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly eventTypes: string[];
  readonly createdBy: string;
  readonly createdAt: Date;
}

export interface SubscriptionRepository {
  /** False when the name is taken. */
  insert(row: Omit<SubscriptionRecord, 'createdAt'> & { secretSealed: string }): Promise<SubscriptionRecord | undefined>;
  list(): Promise<SubscriptionRecord[]>;
  find(id: string): Promise<SubscriptionRecord | undefined>;
  /** Its deliveries and their attempts go with it. */
  delete(id: string): Promise<boolean>;
}

const columns = `id, name, url, event_types AS "eventTypes", created_by AS "createdBy", created_at AS "createdAt"`;

export function createSubscriptionRepository(db: Queryable): SubscriptionRepository {
  return {
    async insert({ id, name, url, eventTypes, createdBy, secretSealed }) {
      const { rows } = await db.query<SubscriptionRecord>(
        `INSERT INTO webhook_subscriptions (id, name, url, event_types, secret_sealed, created_by) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (name) DO NOTHING RETURNING ${columns}`, [id, name, url, eventTypes, secretSealed, createdBy]);
      return rows[0];
    },
    async list() {
      return (await db.query<SubscriptionRecord>(`SELECT ${columns} FROM webhook_subscriptions ORDER BY name`)).rows;
    },
    async find(id) {
      return (await db.query<SubscriptionRecord>(`SELECT ${columns} FROM webhook_subscriptions WHERE id = $1`, [id])).rows[0];
    },
    async delete(id) {
      return ((await db.query('DELETE FROM webhook_subscriptions WHERE id = $1', [id])).rowCount ?? 0) > 0;
    },
  };
}
