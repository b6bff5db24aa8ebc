// The outbox's SQL: a transition inserted at most once (by its key) together with one delivery per subscription
// that wants its type, in one statement, so an event is never recorded without what it owes.
import type { Queryable } from '../database/master-database.js';
import type { Transition, TransitionPrecondition } from './lifecycle-transitions.js';

export interface RecordOutcome {
  /** False when the key was recorded before (by any replica) or its precondition does not hold. */
  readonly inserted: boolean;
  readonly deliveries: number;
}

export interface LifecycleOutbox {
  record(transition: Transition): Promise<RecordOutcome>;
  /** Tenants with a recorded creation and no deletion: what a watch that starts afresh compares with the API's list. */
  undeleted(): Promise<{ tenant: string; uid: string }[]>;
}

const latestOf = (types: string) =>
  `(SELECT e.type FROM lifecycle_events e WHERE e.tenant_uid = $4 AND e.type IN (${types}) ORDER BY e.seq DESC LIMIT 1)`;

const preconditions: Record<TransitionPrecondition, string> = {
  'after-suspension': `${latestOf(`'tenant.suspended', 'tenant.resumed'`)} = 'tenant.suspended'`,
  'migration-changed': `EXISTS (SELECT 1 FROM lifecycle_events e WHERE e.tenant_uid = $4 AND e.type = 'tenant.ready')
    AND (SELECT e.data->>'migration' FROM lifecycle_events e WHERE e.tenant_uid = $4 AND e.type IN ('tenant.ready', 'tenant.migrated')
         ORDER BY e.seq DESC LIMIT 1) IS DISTINCT FROM ($5::jsonb)->>'migration'`,
};

const recordStatement = (requires: TransitionPrecondition | undefined) => `
  WITH event AS (
    INSERT INTO lifecycle_events (dedupe_key, type, tenant, tenant_uid, data)
    SELECT $1, $2, $3, $4, $5::jsonb ${requires === undefined ? '' : `WHERE ${preconditions[requires]}`}
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id, type
  ), owed AS (
    INSERT INTO webhook_deliveries (event_id, subscription_id)
    SELECT event.id, s.id FROM event JOIN webhook_subscriptions s ON event.type = ANY (s.event_types)
    RETURNING id
  )
  SELECT (SELECT count(*) FROM event)::int AS inserted, (SELECT count(*) FROM owed)::int AS deliveries`;

export function createLifecycleOutbox(db: Queryable): LifecycleOutbox {
  return {
    async record({ type, key, requires, data }) {
      const { rows } = await db.query<{ inserted: number; deliveries: number }>(
        recordStatement(requires), [key, type, data.tenant, data.uid, JSON.stringify(data)]);
      const row = rows[0];
      return { inserted: (row?.inserted ?? 0) > 0, deliveries: row?.deliveries ?? 0 };
    },
    async undeleted() {
      const { rows } = await db.query<{ tenant: string; uid: string }>(
        `SELECT c.tenant, c.tenant_uid AS uid FROM lifecycle_events c
         WHERE c.type = 'tenant.created'
           AND NOT EXISTS (SELECT 1 FROM lifecycle_events d WHERE d.tenant_uid = c.tenant_uid AND d.type = 'tenant.deleted')`);
      return rows;
    },
  };
}
