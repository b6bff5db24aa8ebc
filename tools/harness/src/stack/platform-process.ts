// Runs the real platform service as its own process against the harness, and waits until it is ready.
import { randomBytes } from 'node:crypto';
import type { Environment } from '../environment.js';
import { eventually } from '../eventually.js';
import { startNodeService, type NodeService } from '../node-service.js';

export const secretsNamespace = 'tenantry-system';

/** The OIDC provider the platform trusts: the in-test issuer, or the real local identity provider. */
export interface PlatformIssuer {
  readonly issuer: string;
  /** Accepted beside "other-client". */
  readonly clientId: string;
  /** PLATFORM_OIDC_AUDIENCE: the local identity provider writes one, Cognito and the in-test issuer do not. */
  readonly audience?: string;
}

export interface PlatformProcessOptions {
  readonly issuer: PlatformIssuer;
  readonly databaseUrl: string;
  readonly serviceToken: string;
  readonly adminGroup?: string;
  /** More variables (token settings, signing keys), applied last. */
  readonly env?: Record<string, string>;
}

export function newServiceToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function startPlatform(env: Environment, options: PlatformProcessOptions): Promise<NodeService> {
  const service = await startNodeService({
    name: `platform-${randomBytes(3).toString('hex')}`,
    entry: 'services/platform/src/main.ts',
    logDir: env.dir,
    portVariable: 'PLATFORM_PORT',
    env: {
      KUBECONFIG: env.kubeconfigFile,
      PLATFORM_HOST: '127.0.0.1',
      PLATFORM_DATABASE_URL: options.databaseUrl,
      PLATFORM_OIDC_ISSUER: options.issuer.issuer,
      PLATFORM_OIDC_CLIENT_IDS: `other-client,${options.issuer.clientId}`,
      PLATFORM_SERVICE_TOKEN: options.serviceToken,
      PLATFORM_TENANT_SECRETS_NAMESPACE: secretsNamespace,
      ...(options.issuer.audience === undefined ? {} : { PLATFORM_OIDC_AUDIENCE: options.issuer.audience }),
      ...(options.adminGroup === undefined ? {} : { PLATFORM_ADMIN_GROUP: options.adminGroup }),
      LOG_LEVEL: 'debug',
      ...options.env,
    },
  });
  try {
    await eventually('the platform answers /readyz with 200', async () => (await fetch(`${service.url}/readyz`)).ok, { timeoutMs: 30_000 });
  } catch (error) {
    await service.stop();
    throw error;
  }
  return service;
}
