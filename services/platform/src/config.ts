// The platform service's settings, read once from environment variables and validated.
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { LOG_FORMATS, LOG_LEVELS, envUrl, parseConfig } from '@tenantry/runtime';

const dnsName = z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a Kubernetes object name').max(253);

/** The repository's migrations/platform, found from this file so the working directory does not matter. */
export const defaultMigrationsDir = fileURLToPath(new URL('../../../migrations/platform', import.meta.url));

const commaList = z
  .string()
  .transform((text) => text.split(',').map((item) => item.trim()).filter((item) => item !== ''))
  .pipe(z.array(z.string()).min(1, 'expected a comma-separated list with at least one value'));

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
  // Hands out tenant database passwords: long enough that guessing is hopeless.
  PLATFORM_SERVICE_TOKEN: z.string().min(32, 'must be at least 32 characters'),
  PLATFORM_TENANT_SECRETS_NAMESPACE: dnsName.default('tenantry-system'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  LOG_FORMAT: z.enum(LOG_FORMATS).default('json'),
});

export type PlatformConfig = z.infer<typeof platformConfigSchema>;

export function loadPlatformConfig(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  return parseConfig(platformConfigSchema, env);
}
