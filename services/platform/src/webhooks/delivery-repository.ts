// SQL of webhook deliveries: claiming due ones under a lease (FOR UPDATE SKIP LOCKED, so replicas never wait for or
// take each other's), finishing an attempt, redelivering, and the lists the API shows.
import type { Queryable } from '../database/master-database.js';

export type DeliveryStatus = 'pending' | 'succeeded' | 'dead';

/** A claimed delivery with what its attempt needs. */
export interface ClaimedDelivery {
  readonly id: string;
  readonly attempts: number;
  readonly eventId: string;
  readonly eventType: string;
  readonly tenant: string;
  readonly data: Record<string, unknown>;
  readonly occurredAt: Date;
  readonly subscriptionId: string;
  readonly url: string;
  readonly secretSealed: string;
}

export interface DeliveryRecord {
  readonly id: string;
  readonly subscriptionId: string;
  readonly subscription: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly tenant: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly nextAttemptAt: Date;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
  readonly deliveredAt: Date | null;
  readonly createdAt: Date;
}

export interface AttemptRecord {
  readonly id: string;
  readonly replica: string;
  readonly startedAt: Date;
  readonly durationMs: number;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly succeeded: boolean;
}

export interface AttemptResult {
  readonly deliveryId: string;
  readonly replica: string;
  readonly startedAt: Date;
  readonly durationMs: number;
  readonly statusCode?: number;
  readonly error?: string;
}

export interface DeliveryFilter {
  readonly subscription?: string;
  readonly tenant?: string;
  readonly status?: DeliveryStatus;
  readonly limit: number;
}

export interface DeliveryRepository {
  claim(replica: string, limit: number, leaseMs: number): Promise<ClaimedDelivery[]>;
  succeeded(result: AttemptResult): Promise<void>;
  /** Due again after `retryInMs`, or dead-lettered once `maxAttempts` is reached; no change if the lease was lost. */
  failed(result: AttemptResult, retryInMs: number, maxAttempts: number): Promise<void>;
  redeliver(id: string): Promise<boolean>;
  find(id: string): Promise<DeliveryRecord | undefined>;
  list(filter: DeliveryFilter): Promise<DeliveryRecord[]>;
  attempts(deliveryId: string): Promise<AttemptRecord[]>;
}

const deliveryColumns = `d.id, d.subscription_id AS "subscriptionId", s.name AS subscription, d.event_id AS "eventId", e.type AS "eventType",
  e.tenant, d.status, d.attempts, d.next_attempt_at AS "nextAttemptAt", d.last_status_code AS "lastStatusCode",
  d.last_error AS "lastError", d.delivered_at AS "deliveredAt", d.created_at AS "createdAt"`;
const deliveryFrom = `webhook_deliveries d JOIN lifecycle_events e ON e.id = d.event_id JOIN webhook_subscriptions s ON s.id = d.subscription_id`;

// The attempt and the delivery's new state in one statement: one round trip per attempt, and never one without the other.
const withAttempt = (update: string) => `
  WITH attempt AS (
    INSERT INTO webhook_attempts (delivery_id, replica, started_at, duration_ms, status_code, error, succeeded)
    VALUES ($1, $2, $3, $4, $5, $6, $7)
  )
  ${update}`;

export function createDeliveryRepository(db: Queryable): DeliveryRepository {
  const attempt = (result: AttemptResult, succeeded: boolean) =>
    [result.deliveryId, result.replica, result.startedAt, result.durationMs, result.statusCode ?? null, result.error ?? null, succeeded];
  return {
    async claim(replica, limit, leaseMs) {
      const { rows } = await db.query<ClaimedDelivery>(
        `WITH due AS (
           SELECT id FROM webhook_deliveries
           WHERE status = 'pending' AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
           ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED
         ), claimed AS (
           UPDATE webhook_deliveries d SET lease_owner = $1, lease_until = now() + make_interval(secs => $3::double precision / 1000)
           FROM due WHERE d.id = due.id RETURNING d.id, d.attempts, d.event_id, d.subscription_id
         )
         SELECT c.id, c.attempts, e.id AS "eventId", e.type AS "eventType", e.tenant, e.data, e.occurred_at AS "occurredAt",
                s.id AS "subscriptionId", s.url, s.secret_sealed AS "secretSealed"
         FROM claimed c JOIN lifecycle_events e ON e.id = c.event_id JOIN webhook_subscriptions s ON s.id = c.subscription_id`,
        [replica, limit, leaseMs]);
      return rows;
    },
    async succeeded(result) {
      // Success counts whoever holds the lease: the receiver has the event.
      await db.query(withAttempt(
        `UPDATE webhook_deliveries SET status = 'succeeded', attempts = attempts + 1, delivered_at = now(), last_status_code = $5,
           last_error = NULL, lease_owner = NULL, lease_until = NULL
         WHERE id = $1 AND status = 'pending'`), attempt(result, true));
    },
    async failed(result, retryInMs, maxAttempts) {
      await db.query(withAttempt(
        `UPDATE webhook_deliveries SET attempts = attempts + 1, last_status_code = $5, last_error = $6,
           status = CASE WHEN attempts + 1 >= $8 THEN 'dead' ELSE 'pending' END,
           next_attempt_at = now() + make_interval(secs => $9::double precision / 1000), lease_owner = NULL, lease_until = NULL
         WHERE id = $1 AND lease_owner = $2 AND status = 'pending'`), [...attempt(result, false), maxAttempts, retryInMs]);
    },
    async redeliver(id) {
      const { rowCount } = await db.query(
        `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = now(), lease_owner = NULL, lease_until = NULL
         WHERE id = $1`, [id]);
      return (rowCount ?? 0) > 0;
    },
    async find(id) {
      return (await db.query<DeliveryRecord>(`SELECT ${deliveryColumns} FROM ${deliveryFrom} WHERE d.id = $1`, [id])).rows[0];
    },
    async list({ subscription, tenant, status, limit }) {
      const { rows } = await db.query<DeliveryRecord>(
        `SELECT ${deliveryColumns} FROM ${deliveryFrom}
         WHERE ($1::uuid IS NULL OR d.subscription_id = $1) AND ($2::text IS NULL OR e.tenant = $2) AND ($3::text IS NULL OR d.status = $3)
         ORDER BY d.created_at DESC, d.id DESC LIMIT $4`, [subscription ?? null, tenant ?? null, status ?? null, limit]);
      return rows;
    },
    async attempts(deliveryId) {
      const { rows } = await db.query<AttemptRecord>(
        `SELECT id::text AS id, replica, started_at AS "startedAt", duration_ms AS "durationMs", status_code AS "statusCode", error, succeeded
         FROM webhook_attempts WHERE delivery_id = $1 ORDER BY webhook_attempts.id`, [deliveryId]);
      return rows;
    },
  };
}
