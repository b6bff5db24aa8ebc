// HTTP operations of webhooks, for platform admins: subscriptions, deliveries, their attempts, and redelivery.
import type { Router } from 'express';
import { actorOf } from '../auth/authentication.js';
import { createApiRouter, type ApiRouterOptions } from '../http/api-operations.js';
import { listOf } from '../policy/policy-schemas.js';
import type { AttemptRecord, DeliveryRecord } from './delivery-repository.js';
import type { SubscriptionRecord } from './subscription-repository.js';
import {
  attemptSchema, createdSubscriptionSchema, createSubscriptionBody, deliveriesQuery, deliveryParams, deliverySchema, subscriptionParams,
  subscriptionSchema, type Attempt, type Delivery, type Subscription,
} from './webhook-schemas.js';
import type { WebhookService } from './webhook-service.js';

export interface WebhookRouterOptions {
  readonly http: ApiRouterOptions;
  readonly webhooks: WebhookService;
}

const tag = 'webhooks';

export function createWebhookRouter({ http, webhooks }: WebhookRouterOptions): Router {
  const api = createApiRouter(http);

  api.add({
    operationId: 'listWebhookSubscriptions', method: 'get', path: '/v1/webhooks/subscriptions', tag, access: 'platform-admin',
    summary: 'Every webhook subscription (secrets are never listed)',
    success: { status: 200, description: 'The subscriptions', schema: listOf(subscriptionSchema) },
    problems: [],
  }, async () => ({ items: (await webhooks.listSubscriptions()).map(toSubscription) }));

  api.add({
    operationId: 'createWebhookSubscription', method: 'post', path: '/v1/webhooks/subscriptions', tag, access: 'platform-admin',
    summary: 'Subscribe a URL to tenant lifecycle events; the answer holds the signing secret, shown this once',
    body: createSubscriptionBody,
    success: { status: 201, description: 'The subscription and its secret', schema: createdSubscriptionSchema },
    problems: [409, 422],
  }, async ({ body, caller }) => {
    const created = await webhooks.createSubscription(actorOf(caller), body);
    return { ...toSubscription(created), secret: created.secret };
  });

  api.add({
    operationId: 'deleteWebhookSubscription', method: 'delete', path: '/v1/webhooks/subscriptions/:id', tag, access: 'platform-admin',
    summary: 'Remove a subscription with its deliveries',
    params: subscriptionParams,
    success: { status: 204, description: 'Removed' },
    problems: [404],
  }, async ({ params }) => {
    await webhooks.deleteSubscription(params.id);
  });

  api.add({
    operationId: 'listWebhookDeliveries', method: 'get', path: '/v1/webhooks/deliveries', tag, access: 'platform-admin',
    summary: 'Deliveries, newest first, by subscription, tenant or status',
    query: deliveriesQuery,
    success: { status: 200, description: 'The deliveries', schema: listOf(deliverySchema) },
    problems: [],
  }, async ({ query }) => ({
    items: (await webhooks.listDeliveries({
      limit: query.limit,
      ...(query.subscription === undefined ? {} : { subscription: query.subscription }),
      ...(query.tenant === undefined ? {} : { tenant: query.tenant }),
      ...(query.status === undefined ? {} : { status: query.status }),
    })).map(toDelivery),
  }));

  api.add({
    operationId: 'listWebhookAttempts', method: 'get', path: '/v1/webhooks/deliveries/:id/attempts', tag, access: 'platform-admin',
    summary: 'Every attempt of a delivery, oldest first',
    params: deliveryParams,
    success: { status: 200, description: 'The attempts', schema: listOf(attemptSchema) },
    problems: [404],
  }, async ({ params }) => ({ items: (await webhooks.attempts(params.id)).map(toAttempt) }));

  api.add({
    operationId: 'redeliverWebhook', method: 'post', path: '/v1/webhooks/deliveries/:id/redeliver', tag, access: 'platform-admin',
    summary: 'Deliver again now, with the same webhook-id, and a fresh attempt budget',
    params: deliveryParams,
    success: { status: 202, description: 'The delivery, due now', schema: deliverySchema },
    problems: [404],
  }, async ({ params }) => toDelivery(await webhooks.redeliver(params.id)));

  return api.router;
}

const toSubscription = ({ createdAt, eventTypes, ...rest }: SubscriptionRecord): Subscription => ({
  ...rest, eventTypes: eventTypes as Subscription['eventTypes'], createdAt: createdAt.toISOString(),
});

const toDelivery = ({ nextAttemptAt, deliveredAt, createdAt, eventType, ...rest }: DeliveryRecord): Delivery => ({
  ...rest, eventType: eventType as Delivery['eventType'], nextAttemptAt: nextAttemptAt.toISOString(),
  deliveredAt: deliveredAt?.toISOString() ?? null, createdAt: createdAt.toISOString(),
});

const toAttempt = ({ startedAt, ...rest }: AttemptRecord): Attempt => ({ ...rest, startedAt: startedAt.toISOString() });
