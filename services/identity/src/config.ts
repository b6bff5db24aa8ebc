// The identity provider's settings, read once from environment variables and validated.
import { z } from 'zod';
import { envDurationMs, envUrl, LOG_FORMATS, LOG_LEVELS, parseConfig } from '@tenantry/runtime';
import { DEFAULT_API_AUDIENCE } from './api-resource.js';
import { CLI_CLIENT_ID, DEV_CLIENT_SECRETS, SERVICES_CLIENT_ID } from './oidc-clients.js';

const DEFAULT_WEB_REDIRECT_URIS = 'http://localhost:4200/auth/callback,http://127.0.0.1:8080/auth/callback';

const optionalPath = z.string().min(1).optional();

/** Comma-separated absolute http(s) URLs; oidc-provider only accepts exact redirect URIs, no wildcards. */
const urlList = z.string().transform((text, ctx) => {
  const items = text.split(',').map((item) => item.trim()).filter((item) => item !== '');
  for (const item of items) {
    const url = URL.parse(item);
    if (url === null || !['http:', 'https:'].includes(url.protocol) || url.hash !== '' || item.includes('*')) {
      ctx.issues.push({ code: 'custom', input: text, message: `"${item}" is not an exact absolute http(s) URL` });
    }
  }
  if (items.length === 0) ctx.issues.push({ code: 'custom', input: text, message: 'expected at least one URL' });
  return items;
});

/** Token lifetimes are whole seconds in JWTs (`exp`), so a TTL must be a positive whole number of seconds. */
const tokenTtl = envDurationMs().refine((ms) => ms >= 1000 && ms % 1000 === 0, {
  message: 'expected a whole number of seconds, at least 1s (e.g. "2s", "15m", "1h")',
});

export const identityConfigSchema = z.object({
  IDENTITY_PORT: z.coerce.number().int().min(0).max(65535).default(8090),
  IDENTITY_HOST: z.string().min(1).default('127.0.0.1'),
  /** Must equal the URL clients use; `http://<host>:<bound port>` when not set. */
  IDENTITY_ISSUER: envUrl({ protocols: ['http', 'https'] })
    .refine((url) => !url.includes('?') && !url.includes('#'), { message: 'an issuer has no query or fragment' })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  IDENTITY_USERS_FILE: optionalPath,
  /** A JSON array of client definitions (see clients.ts), replacing the default clients. */
  IDENTITY_CLIENTS: z.string().min(1).optional(),
  IDENTITY_CLIENTS_FILE: optionalPath,
  IDENTITY_WEB_REDIRECT_URIS: urlList.default(urlList.parse(DEFAULT_WEB_REDIRECT_URIS)),
  IDENTITY_CLI_CLIENT_SECRET: z.string().min(16).default(DEV_CLIENT_SECRETS[CLI_CLIENT_ID]),
  IDENTITY_SERVICES_CLIENT_SECRET: z.string().min(16).default(DEV_CLIENT_SECRETS[SERVICES_CLIENT_ID]),
  IDENTITY_KEYS_FILE: optionalPath,
  IDENTITY_ACCESS_TOKEN_TTL: tokenTtl.default(3_600_000),
  /** The `aud` of every access token (oidc-provider requires one; Cognito sets none). An absolute URI. */
  IDENTITY_API_AUDIENCE: z.url({ error: 'expected an absolute URI such as urn:tenantry:api' }).default(DEFAULT_API_AUDIENCE),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  LOG_FORMAT: z.enum(LOG_FORMATS).default('json'),
}).refine((config) => config.IDENTITY_CLIENTS === undefined || config.IDENTITY_CLIENTS_FILE === undefined, {
  message: 'set IDENTITY_CLIENTS or IDENTITY_CLIENTS_FILE, not both',
  path: ['IDENTITY_CLIENTS_FILE'],
});

export type IdentityConfig = z.infer<typeof identityConfigSchema>;

export function loadIdentityConfig(env: NodeJS.ProcessEnv = process.env): IdentityConfig {
  return parseConfig(identityConfigSchema, env);
}
