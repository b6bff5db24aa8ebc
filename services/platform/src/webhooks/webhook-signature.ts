// Standard Webhooks signing: a `whsec_` secret, and the webhook-id / webhook-timestamp / webhook-signature headers
// (HMAC-SHA256 over "<id>.<timestamp>.<body>" with the secret's base64 bytes, sent as "v1,<base64>").
import { createHmac, randomBytes } from 'node:crypto';

const prefix = 'whsec_';

/** A new secret as the spec writes it: `whsec_` and 24 to 64 random bytes in base64 (we use 32). */
export function newWebhookSecret(): string {
  return `${prefix}${randomBytes(32).toString('base64')}`;
}

export interface SignedHeaders {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
}

export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): SignedHeaders {
  if (!secret.startsWith(prefix)) throw new Error('a webhook secret starts with whsec_');
  const key = Buffer.from(secret.slice(prefix.length), 'base64');
  const timestamp = String(timestampSeconds);
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}
