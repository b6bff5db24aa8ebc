// Seals subscription signing secrets for the master database: AES-256-GCM under the platform's webhook key, bound to
// the subscription's id, so a database dump alone signs nothing and a sealed secret moved to another row opens nowhere.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface SecretBox {
  seal(plaintext: string, subscriptionId: string): string;
  open(sealed: string, subscriptionId: string): string;
}

const version = 'v1';

/** `key`: 32 bytes (PLATFORM_WEBHOOK_SECRETS_KEY, base64). */
export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('the webhook secrets key must be 32 bytes');
  return {
    seal(plaintext, subscriptionId) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(subscriptionId, 'utf8'));
      const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [version, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join('.');
    },
    open(sealed, subscriptionId) {
      const [prefix, iv = '', tag = '', body = ''] = sealed.split('.');
      if (prefix !== version) throw new Error('unknown sealed secret format');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(subscriptionId, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}
