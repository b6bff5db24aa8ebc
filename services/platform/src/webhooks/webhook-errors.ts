// The errors of the webhook API, each with a stable code; the HTTP edge maps their kinds to statuses.
import { PlatformError } from '../platform-error.js';

export const subscriptionNotFound = (id: string) =>
  new PlatformError('not-found', 'SUBSCRIPTION_NOT_FOUND', `webhook subscription ${id} does not exist`);

export const subscriptionExists = (name: string) =>
  new PlatformError('conflict', 'SUBSCRIPTION_EXISTS', `a webhook subscription named ${name} exists already`);

export const deliveryNotFound = (id: string) =>
  new PlatformError('not-found', 'DELIVERY_NOT_FOUND', `webhook delivery ${id} does not exist`);

export const webhookUrlRefused = (reason: string) =>
  new PlatformError('invalid', 'WEBHOOK_URL_REFUSED', `the webhook URL is refused: ${reason}`, { fields: [{ field: 'url', message: reason }] });

// A 409, not a 503: waiting does not help; the platform's configuration has to change.
export const webhooksNotConfigured = () =>
  new PlatformError('conflict', 'WEBHOOKS_NOT_CONFIGURED',
    'webhooks need PLATFORM_WEBHOOK_SECRETS_KEY (the key that seals signing secrets); this platform has none');
