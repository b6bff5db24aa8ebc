// The services of the request path as real processes for a benchmark: identity provider, platform, backend,
// gateway, each started from source exactly as `make dev` wires them, with the settings a benchmark varies.
import { randomBytes } from 'node:crypto';
import { CLI_CLIENT_ID, DEFAULT_API_AUDIENCE } from '@tenantry/identity';
import { ensureDatabase, startNodeService, type Environment, type NodeService } from '@tenantry/harness';
import { BENCH_NAMESPACE } from './operator-fleet.js';

/** The gateway's credentials at the platform's token endpoint. */
export interface ExchangeClient {
  readonly id: string;
  readonly secret: string;
}

export interface PlatformProcess {
  readonly service: NodeService;
  readonly serviceToken: string;
  readonly exchangeClient: ExchangeClient;
}

// Production level by default: the access log line per request is part of what a request costs.
const logLevel = () => process.env['BENCH_SERVICE_LOG_LEVEL'] ?? 'info';

/**
 * Extra flags for one service's node, e.g. BENCH_PROFILE=backend,gateway writes a --cpu-prof per process when it
 * exits. BENCH_CPU_PROF_DIR names where (the environment's folder is removed at the end, its profiles with it).
 */
function profiling(env: Environment, name: string): Record<string, string> {
  const wanted = (process.env['BENCH_PROFILE'] ?? '').split(',').map((item) => item.trim());
  const dir = process.env['BENCH_CPU_PROF_DIR'] ?? `${env.dir}/profiles`;
  return wanted.includes(name) ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir}` } : {};
}

export function startIdentity(env: Environment): Promise<NodeService> {
  return startNodeService({
    name: 'identity-bench', entry: 'services/identity/src/main.ts', logDir: env.dir, portVariable: 'IDENTITY_PORT',
    env: { LOG_LEVEL: 'warn' },
  });
}

export interface PlatformSettings {
  readonly identityUrl: string;
  /** Its own master database, so each benchmark starts from empty memberships. */
  readonly database: string;
  readonly env?: Record<string, string>;
}

export async function startPlatform(env: Environment, { identityUrl, database, env: extra = {} }: PlatformSettings): Promise<PlatformProcess> {
  const serviceToken = randomBytes(24).toString('base64url');
  const exchangeClient = { id: 'tenantry-gateway', secret: randomBytes(24).toString('base64url') };
  const service = await startNodeService({
    name: 'platform-bench', entry: 'services/platform/src/main.ts', logDir: env.dir, portVariable: 'PLATFORM_PORT',
    readyTimeoutMs: 60_000,
    env: {
      KUBECONFIG: env.kubeconfigFile, PLATFORM_HOST: '127.0.0.1',
      PLATFORM_DATABASE_URL: await ensureDatabase(env.postgres, database),
      PLATFORM_OIDC_ISSUER: identityUrl, PLATFORM_OIDC_CLIENT_IDS: CLI_CLIENT_ID, PLATFORM_OIDC_AUDIENCE: DEFAULT_API_AUDIENCE,
      PLATFORM_SERVICE_TOKEN: serviceToken, PLATFORM_EXCHANGE_CLIENTS: `${exchangeClient.id}:${exchangeClient.secret}`,
      PLATFORM_TENANT_SECRETS_NAMESPACE: BENCH_NAMESPACE,
      // Long enough that tokens minted before a timed window outlive it.
      PLATFORM_TOKEN_TTL: '30m',
      LOG_LEVEL: logLevel(),
      ...profiling(env, 'platform'),
      ...extra,
    },
  });
  return { service, serviceToken, exchangeClient };
}

export function startBackend(env: Environment, platform: PlatformProcess, extra: Record<string, string> = {}): Promise<NodeService> {
  return startNodeService({
    name: `backend-bench-${randomBytes(2).toString('hex')}`, entry: 'services/backend/src/main.ts', logDir: env.dir, portVariable: 'BACKEND_PORT',
    env: {
      BACKEND_HOST: '127.0.0.1', BACKEND_PLATFORM_URL: platform.service.url, BACKEND_PLATFORM_SERVICE_TOKEN: platform.serviceToken,
      BACKEND_TOKEN_ISSUER: platform.service.url, LOG_LEVEL: logLevel(),
      ...profiling(env, 'backend'),
      ...extra,
    },
  });
}

export interface GatewaySettings {
  readonly identityUrl: string;
  readonly platform: PlatformProcess;
  readonly backendUrl: string;
}

export function startGateway(env: Environment, { identityUrl, platform, backendUrl }: GatewaySettings): Promise<NodeService> {
  return startNodeService({
    name: 'gateway-bench', entry: 'services/gateway/src/main.ts', logDir: env.dir, portVariable: 'GATEWAY_PORT',
    env: {
      KUBECONFIG: env.kubeconfigFile, GATEWAY_HOST: '127.0.0.1',
      GATEWAY_OIDC_ISSUER: identityUrl, GATEWAY_OIDC_CLIENT_IDS: CLI_CLIENT_ID, GATEWAY_OIDC_AUDIENCE: DEFAULT_API_AUDIENCE,
      GATEWAY_PLATFORM_URL: platform.service.url, GATEWAY_BACKEND_URL: backendUrl,
      GATEWAY_EXCHANGE_CLIENT_ID: platform.exchangeClient.id, GATEWAY_EXCHANGE_CLIENT_SECRET: platform.exchangeClient.secret,
      // The plan limit would cap the load generator, not measure the gateway: one plan far above any rate here.
      GATEWAY_RATE_LIMITS: 'standard:1000000', GATEWAY_DEFAULT_PLAN: 'standard',
      LOG_LEVEL: logLevel(),
      ...profiling(env, 'gateway'),
    },
  });
}
