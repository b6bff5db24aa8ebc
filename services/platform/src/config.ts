// The platform service's settings, read once from environment variables and validated.
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError, LOG_FORMATS, LOG_LEVELS, REDACTED, envBoolean, envDurationMs, envUrl, parseConfig } from '@tenantry/runtime';

const dnsName = z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a Kubernetes object name').max(253);

/**
 * The repository's migrations/platform, found from this file so the working directory does not matter;
 * run from source this file is src/config.ts, compiled it is dist/src/config.js, one folder deeper.
 */
export const defaultMigrationsDir = fileURLToPath(
  new URL(`${import.meta.url.includes('/dist/src/') ? '../' : ''}../../../migrations/platform`, import.meta.url),
);

const commaList = z
  .string()
  .transform((text) => text.split(',').map((item) => item.trim()).filter((item) => item !== ''))
  .pipe(z.array(z.string()).min(1, 'expected a comma-separated list with at least one value'));

/** `namespace/name` of a Kubernetes object. */
const objectReference = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'expected namespace/name')
  .transform((text) => {
    const [namespace = '', name = ''] = text.split('/');
    return { namespace, name };
  });

/** `id:secret,id:secret`: the callers of the token endpoint. Never echoed back in a configuration error. */
const exchangeClients = z.string().transform((text, ctx) => {
  const clients = text.split(',').map((item) => item.trim()).filter((item) => item !== '').map((item) => {
    const colon = item.indexOf(':');
    return { id: colon < 0 ? item : item.slice(0, colon), secret: colon < 0 ? '' : item.slice(colon + 1) };
  });
  if (clients.length === 0) ctx.issues.push({ code: 'custom', input: text, message: 'expected id:secret pairs separated by commas' });
  for (const [index, { id, secret }] of clients.entries()) {
    if (!/^[A-Za-z0-9._~-]+$/.test(id)) {
      ctx.issues.push({ code: 'custom', input: text, message: `entry ${index + 1}: the client id must be letters, digits, ".", "_", "~" or "-"` });
    }
    // It authenticates whoever may mint internal tokens for any user who shows a token: as strong as the service token.
    if (secret.length < 32) ctx.issues.push({ code: 'custom', input: text, message: `entry ${index + 1}: the secret must be at least 32 characters` });
  }
  if (new Set(clients.map((client) => client.id)).size !== clients.length) {
    ctx.issues.push({ code: 'custom', input: text, message: 'a client id appears twice' });
  }
  return clients;
});

/** 32 bytes in base64: the AES-256-GCM key sealing webhook signing secrets in the master database. */
const webhookSecretsKey = z.string().transform((text, ctx) => {
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) ctx.issues.push({ code: 'custom', input: text, message: 'expected 32 bytes in base64 (openssl rand -base64 32)' });
  return key;
});

const tokenTtlMs = envDurationMs().pipe(z.number()
  .min(1_000, 'must be at least 1s')
  .max(3_600_000, 'must be at most 1h: internal tokens are short-lived')
  .multipleOf(1_000, 'must be whole seconds (JWT times are seconds)'));

export const platformConfigSchema = z.object({
  PLATFORM_HOST: z.string().min(1).default('0.0.0.0'),
  PLATFORM_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  PLATFORM_DATABASE_URL: envUrl({ protocols: ['postgres', 'postgresql'] }),
  PLATFORM_MIGRATIONS_DIR: z.string().min(1).default(defaultMigrationsDir),
  PLATFORM_OIDC_ISSUER: envUrl({ protocols: ['http', 'https'] }),
  PLATFORM_OIDC_CLIENT_IDS: commaList,
  // Cognito access tokens carry no `aud`; set this only for providers that put one in (oidc-provider).
  PLATFORM_OIDC_AUDIENCE: z.string().min(1).optional(),
  PLATFORM_ADMIN_GROUP: z.string().min(1).default('platform-admins'),
  // Hands out tenant database passwords: long enough that guessing is hopeless. Comma-separated during a rotation.
  PLATFORM_SERVICE_TOKEN: z.string().transform((value) => value.split(',').map((token) => token.trim()))
    .pipe(z.array(z.string().min(32, 'each token must be at least 32 characters')).min(1)),
  PLATFORM_TENANT_SECRETS_NAMESPACE: dnsName.default('tenantry-system'),
  // Internal tokens (token exchange, JWKS).
  PLATFORM_TOKEN_ISSUER: envUrl({ protocols: ['http', 'https'] }).optional(),
  PLATFORM_TOKEN_AUDIENCE: z.string().min(1).max(256).default('tenantry-backend'),
  PLATFORM_TOKEN_AUDIENCES: commaList.optional(),
  PLATFORM_TOKEN_TTL: tokenTtlMs.default(300_000),
  PLATFORM_SIGNING_KEYS_FILE: z.string().min(1).optional(),
  PLATFORM_SIGNING_KEYS_SECRET: objectReference.optional(),
  PLATFORM_SIGNING_KEYS_REFRESH: envDurationMs().pipe(z.number().min(100, 'must be at least 100ms')).default(5_000),
  PLATFORM_EXCHANGE_CLIENTS: exchangeClients.optional(),
  // Lifecycle webhooks: without the key, subscriptions cannot be made and nothing is delivered (events are still recorded).
  PLATFORM_WEBHOOK_SECRETS_KEY: webhookSecretsKey.optional(),
  // Plain http receivers: for development and tests only (a signed event in clear text can be read on the way).
  PLATFORM_WEBHOOK_ALLOW_HTTP: envBoolean().default(false),
  // Loopback, private and link-local receivers: for development, tests and receivers inside the cluster; off, a
  // subscription cannot point the platform at its own network (the cloud's metadata endpoint, internal services).
  PLATFORM_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: envBoolean().default(false),
  PLATFORM_WEBHOOK_TIMEOUT: envDurationMs().pipe(z.number().min(100).max(60_000, 'must be at most 60s')).default(10_000),
  PLATFORM_WEBHOOK_LEASE: envDurationMs().pipe(z.number().min(1_000)).default(60_000),
  PLATFORM_WEBHOOK_RETRY_BASE: envDurationMs().pipe(z.number().min(10)).default(5_000),
  PLATFORM_WEBHOOK_RETRY_MAX: envDurationMs().pipe(z.number().min(10)).default(3_600_000),
  PLATFORM_WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  PLATFORM_WEBHOOK_POLL: envDurationMs().pipe(z.number().min(10)).default(1_000),
  PLATFORM_WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(32),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  LOG_FORMAT: z.enum(LOG_FORMATS).default('json'),
}).superRefine((config, ctx) => {
  if (config.PLATFORM_SIGNING_KEYS_FILE !== undefined && config.PLATFORM_SIGNING_KEYS_SECRET !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['PLATFORM_SIGNING_KEYS_SECRET'], message: 'set PLATFORM_SIGNING_KEYS_FILE or PLATFORM_SIGNING_KEYS_SECRET, not both' });
  }
  if (config.PLATFORM_TOKEN_AUDIENCES !== undefined && !config.PLATFORM_TOKEN_AUDIENCES.includes(config.PLATFORM_TOKEN_AUDIENCE)) {
    ctx.addIssue({ code: 'custom', path: ['PLATFORM_TOKEN_AUDIENCES'], message: 'must include PLATFORM_TOKEN_AUDIENCE (the default audience)' });
  }
  if (config.PLATFORM_WEBHOOK_LEASE <= config.PLATFORM_WEBHOOK_TIMEOUT) {
    ctx.addIssue({ code: 'custom', path: ['PLATFORM_WEBHOOK_LEASE'], message: 'must be longer than PLATFORM_WEBHOOK_TIMEOUT, or an attempt still running loses its claim' });
  }
  if (config.PLATFORM_TOKEN_ISSUER === undefined && config.PLATFORM_PORT === 0) {
    ctx.addIssue({ code: 'custom', path: ['PLATFORM_TOKEN_ISSUER'], message: 'required when PLATFORM_PORT is 0 (the default issuer is this process\'s URL)' });
  }
});

export type PlatformConfig = z.infer<typeof platformConfigSchema>;

export function loadPlatformConfig(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  try {
    return parseConfig(platformConfigSchema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // The runtime redacts variables named like secrets; this one holds secrets under another name.
    throw new ConfigError(error.problems.map((problem) =>
      problem.variable === 'PLATFORM_EXCHANGE_CLIENTS' && problem.received !== undefined ? { ...problem, received: REDACTED } : problem));
  }
}

/** PLATFORM_TOKEN_ISSUER, or else this process's own URL: fine locally, while a cluster must set the Service's URL. */
export function tokenIssuerOf(config: PlatformConfig): string {
  if (config.PLATFORM_TOKEN_ISSUER !== undefined) return config.PLATFORM_TOKEN_ISSUER;
  const host = config.PLATFORM_HOST === '0.0.0.0' || config.PLATFORM_HOST === '::' ? 'localhost' : config.PLATFORM_HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.PLATFORM_PORT}`;
}

/** PLATFORM_TOKEN_AUDIENCES, or only the default audience. */
export function tokenAudiencesOf(config: PlatformConfig): readonly string[] {
  return config.PLATFORM_TOKEN_AUDIENCES ?? [config.PLATFORM_TOKEN_AUDIENCE];
}
