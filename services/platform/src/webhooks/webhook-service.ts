// Webhook subscriptions and their deliveries for the API: a subscription's secret made, sealed and shown once; the
// deliveries and each attempt; a redelivery that is due at once.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { isUniqueViolation } from '../database/master-database.js';
import { createDeliveryRepository, type AttemptRecord, type DeliveryFilter, type DeliveryRecord } from './delivery-repository.js';
import { createSubscriptionRepository, type SubscriptionRecord } from './subscription-repository.js';
import { deliveryNotFound, subscriptionExists, subscriptionNotFound, webhooksNotConfigured, webhookUrlRefused } from './webhook-errors.js';
import type { SecretBox } from './webhook-secret-box.js';
import { newWebhookSecret } from './webhook-signature.js';
import { refuseWebhookUrl, type WebhookUrlPolicy } from './webhook-url.js';

export interface NewSubscription {
  readonly name: string;
  readonly url: string;
  readonly eventTypes: readonly string[];
}

export interface WebhookService {
  listSubscriptions(): Promise<SubscriptionRecord[]>;
  /** The record and its signing secret, which is never shown again. */
  createSubscription(actor: string, subscription: NewSubscription): Promise<SubscriptionRecord & { secret: string }>;
  deleteSubscription(id: string): Promise<void>;
  listDeliveries(filter: DeliveryFilter): Promise<DeliveryRecord[]>;
  attempts(deliveryId: string): Promise<AttemptRecord[]>;
  redeliver(deliveryId: string): Promise<DeliveryRecord>;
}

export interface WebhookServiceOptions {
  readonly pool: pg.Pool;
  /** Undefined when no key is configured: subscriptions cannot be made (nothing could sign for them). */
  readonly secrets: SecretBox | undefined;
  readonly urlPolicy: WebhookUrlPolicy;
  /** Told after a redelivery, so the dispatcher attempts it now. */
  readonly onDue?: () => void;
}

export function createWebhookService({ pool, secrets, urlPolicy, onDue }: WebhookServiceOptions): WebhookService {
  const subscriptions = createSubscriptionRepository(pool);
  const deliveries = createDeliveryRepository(pool);
  const findDelivery = async (id: string) => {
    const delivery = await deliveries.find(id);
    if (delivery === undefined) throw deliveryNotFound(id);
    return delivery;
  };
  return {
    listSubscriptions: () => subscriptions.list(),
    async createSubscription(actor, { name, url, eventTypes }) {
      if (secrets === undefined) throw webhooksNotConfigured();
      const refused = refuseWebhookUrl(url, urlPolicy);
      if (refused !== undefined) throw webhookUrlRefused(refused);
      const id = randomUUID();
      const secret = newWebhookSecret();
      const row = { id, name, url, eventTypes: [...eventTypes], createdBy: actor, secretSealed: secrets.seal(secret, id) };
      const created = await subscriptions.insert(row).catch((error: unknown) => {
        if (isUniqueViolation(error)) return undefined;
        throw error;
      });
      if (created === undefined) throw subscriptionExists(name);
      return { ...created, secret };
    },
    async deleteSubscription(id) {
      if (!(await subscriptions.delete(id))) throw subscriptionNotFound(id);
    },
    listDeliveries: (filter) => deliveries.list(filter),
    async attempts(deliveryId) {
      await findDelivery(deliveryId);
      return deliveries.attempts(deliveryId);
    },
    async redeliver(deliveryId) {
      if (!(await deliveries.redeliver(deliveryId))) throw deliveryNotFound(deliveryId);
      onDue?.();
      return findDelivery(deliveryId);
    },
  };
}
