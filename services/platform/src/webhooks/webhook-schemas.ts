// The webhook API's shapes as zod schemas: request validation, response shaping and the OpenAPI document.
import { z } from 'zod';
import { lifecycleEventTypes } from '../lifecycle/lifecycle-transitions.js';
import { tenantNameSchema } from '../tenants/tenant-schemas.js';

export const eventTypeSchema = z.enum(lifecycleEventTypes);
export const deliveryStatuses = ['pending', 'succeeded', 'dead'] as const;

export const subscriptionParams = z.object({ id: z.uuid() });
export const deliveryParams = z.object({ id: z.uuid() });

export const createSubscriptionBody = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'expected a lower-case name of letters, digits and "-", starting with a letter'),
  url: z.string().min(1).max(2_000).describe('https, or http where the platform allows it (development); no credentials'),
  eventTypes: z.array(eventTypeSchema).min(1).max(lifecycleEventTypes.length)
    .refine((types) => new Set(types).size === types.length, 'each event type once'),
});

export const deliveriesQuery = z.object({
  subscription: z.uuid().optional(),
  tenant: tenantNameSchema.optional(),
  status: z.enum(deliveryStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const subscriptionSchema = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  eventTypes: z.array(eventTypeSchema),
  createdBy: z.string(),
  createdAt: z.string(),
});

export const createdSubscriptionSchema = subscriptionSchema.extend({
  secret: z.string().describe('The Standard Webhooks signing secret (whsec_…): shown this once, keep it'),
});

export const deliverySchema = z.object({
  id: z.string().describe('The webhook-id of every attempt'),
  subscriptionId: z.string(),
  subscription: z.string(),
  eventId: z.string().describe('The CloudEvent id'),
  eventType: eventTypeSchema,
  tenant: z.string(),
  status: z.enum(deliveryStatuses).describe('dead: given up after the attempt limit (redeliver to try again)'),
  attempts: z.number().int().describe('Attempts since created or last redelivered'),
  nextAttemptAt: z.string(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});

export const attemptSchema = z.object({
  id: z.string(),
  replica: z.string(),
  startedAt: z.string(),
  durationMs: z.number().int(),
  statusCode: z.number().int().nullable().describe('null when no HTTP answer came'),
  error: z.string().nullable(),
  succeeded: z.boolean(),
});

export type Subscription = z.infer<typeof subscriptionSchema>;
export type Delivery = z.infer<typeof deliverySchema>;
export type Attempt = z.infer<typeof attemptSchema>;
