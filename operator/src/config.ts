// The operator's settings, read once from environment variables and validated.
import { hostname } from 'node:os';
import { z } from 'zod';
import { envBoolean, envDurationMs, LOG_FORMATS, LOG_LEVELS, parseConfig } from '@tenantry/runtime';

const dnsName = z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a Kubernetes object name').max(253);

export const operatorConfigSchema = z.object({
  OPERATOR_NAMESPACE: dnsName.default('tenantry-system'),
  OPERATOR_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  OPERATOR_RESYNC_PERIOD: envDurationMs().default(10 * 60_000),
  OPERATOR_RETRY_BASE: envDurationMs().default(500),
  OPERATOR_RETRY_MAX: envDurationMs().default(5 * 60_000),
  // How long a new tenant waits, in progress, for the DatabaseServer its spec names before it is Stalled.
  OPERATOR_MISSING_SERVER_GRACE: envDurationMs().default(30_000),
  OPERATOR_HTTP_HOST: z.string().min(1).default('0.0.0.0'),
  OPERATOR_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  OPERATOR_LEADER_ELECTION: envBoolean().default(true),
  OPERATOR_LEASE_NAME: dnsName.default('tenantry-operator'),
  OPERATOR_LEASE_DURATION: envDurationMs().default(15_000),
  OPERATOR_RENEW_DEADLINE: envDurationMs().default(10_000),
  OPERATOR_RETRY_PERIOD: envDurationMs().default(2_000),
  OPERATOR_IDENTITY: z.string().min(1).default(`${hostname()}-${process.pid}`),
  TENANT_MIGRATIONS_DIR: z.string().min(1).default('migrations/tenant'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  LOG_FORMAT: z.enum(LOG_FORMATS).default('json'),
}).refine((config) => config.OPERATOR_RENEW_DEADLINE < config.OPERATOR_LEASE_DURATION, {
  message: 'OPERATOR_RENEW_DEADLINE must be shorter than OPERATOR_LEASE_DURATION',
  path: ['OPERATOR_RENEW_DEADLINE'],
});

export type OperatorConfig = z.infer<typeof operatorConfigSchema>;

export function loadOperatorConfig(env: NodeJS.ProcessEnv = process.env): OperatorConfig {
  return parseConfig(operatorConfigSchema, env);
}
