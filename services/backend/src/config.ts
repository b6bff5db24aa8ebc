// The backend's settings, read once from environment variables and validated.
import { z } from 'zod';
import { LOG_FORMATS, LOG_LEVELS, envDurationMs, envUrl, parseConfig } from '@tenantry/runtime';

export const backendConfigSchema = z.object({
  BACKEND_HOST: z.string().min(1).default('0.0.0.0'),
  BACKEND_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  BACKEND_PLATFORM_URL: envUrl({ protocols: ['http', 'https'] }),
  // The platform hands tenant passwords to whoever shows it: as long as the platform requires.
  BACKEND_PLATFORM_SERVICE_TOKEN: z.string().min(32, 'must be at least 32 characters'),
  BACKEND_TOKEN_ISSUER: envUrl({ protocols: ['http', 'https'] }),
  BACKEND_TOKEN_AUDIENCE: z.string().min(1).default('tenantry-backend'),
  // Every connection to tenant storage, over every server and database: the one cap PostgreSQL sees.
  BACKEND_MAX_CONNECTIONS: z.coerce.number().int().min(1).default(100),
  // Requests of one tenant on its storage at once, so one tenant cannot hold every connection.
  BACKEND_TENANT_MAX_CONCURRENCY: z.coerce.number().int().min(1).default(10),
  BACKEND_POOL_IDLE_TIMEOUT: envDurationMs().pipe(z.number().min(100, 'must be at least 100ms')).default(60_000),
  // role: one authenticator login per server, SET LOCAL ROLE per transaction; login: each tenant's own login
  // (BACKEND_LOGIN_HOST and BACKEND_LOGIN_PORT, both set: a pooler such as PgBouncer in front of the servers).
  BACKEND_ROUTING: z.enum(['role', 'login']).default('role'),
  BACKEND_LOGIN_HOST: z.string().min(1).optional(),
  BACKEND_LOGIN_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  BACKEND_DATASOURCE_TTL: envDurationMs().pipe(z.number().min(0)).default(60_000),
  // application_name of every tenant connection: what pg_stat_activity shows for this process.
  BACKEND_APPLICATION_NAME: z.string().min(1).max(63).default('tenantry-backend'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  LOG_FORMAT: z.enum(LOG_FORMATS).default('json'),
});

export type BackendConfig = z.infer<typeof backendConfigSchema>;


export function loadBackendConfig(env: NodeJS.ProcessEnv = process.env): BackendConfig {
  return parseConfig(backendConfigSchema, env);
}
