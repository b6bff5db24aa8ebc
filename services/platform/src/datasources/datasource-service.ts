// Where a Ready tenant's data lives and how to reach it: read from the tenant's credentials Secret and its
// DatabaseServer's authenticator Secret, both written by the operator.
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { authenticatorSecretName, tenantAvailability, type Datasource, type Logger } from '@tenantry/runtime';
import { PlatformError } from '../platform-error.js';
import { tenantDeleting, tenantNotReady, tenantSuspended } from '../tenants/tenant-errors.js';
import type { TenantRegistry } from '../tenants/tenant-registry.js';
import { tenantPhase } from '../tenants/tenant-view.js';

export interface DatasourceService {
  datasource(tenant: string): Promise<Datasource>;
}

export interface DatasourceServiceOptions {
  readonly kubeConfig: KubeConfig;
  /** Where the operator keeps the tenants' credentials Secrets. */
  readonly namespace: string;
  readonly tenants: Pick<TenantRegistry, 'read'>;
  readonly logger: Logger;
  /** Retry-After while a tenant is still provisioning, and after it failed (an operator fix takes longer). */
  readonly provisioningRetryAfterSeconds?: number;
  readonly failedRetryAfterSeconds?: number;
}

const secretKeys = ['host', 'port', 'database', 'schema', 'username', 'password', 'sslmode'] as const;
const authenticatorKeys = ['username', 'password'] as const;

export function createDatasourceService(options: DatasourceServiceOptions): DatasourceService {
  const { kubeConfig, namespace, tenants, logger, provisioningRetryAfterSeconds = 5, failedRetryAfterSeconds = 30 } = options;
  const core = kubeConfig.makeApiClient(CoreV1Api);

  return {
    async datasource(name) {
      // Read fresh rather than from the watch: a suspension must stop credentials from going out at once.
      const tenant = await tenants.read(name);
      const availability = tenantAvailability(tenant);
      if (availability.state === 'deleting') throw tenantDeleting(name);
      if (availability.state === 'suspended') throw tenantSuspended(name);
      const phase = tenantPhase(tenant);
      const secretName = tenant.status?.database?.secretName;
      const server = tenant.status?.database?.server;
      if (availability.state !== 'serving' || secretName === undefined || server === undefined) {
        const failed = availability.state === 'failed';
        throw tenantNotReady(name, phase, tenant.status?.message, failed ? failedRetryAfterSeconds : provisioningRetryAfterSeconds);
      }
      const notWritten = (what: string) => (error: unknown) => {
        if ((error as { code?: unknown }).code !== 404) throw error;
        throw tenantNotReady(name, phase, `${what} is not written yet`, provisioningRetryAfterSeconds);
      };
      const [data, login] = await Promise.all([
        readSecret(core, namespace, secretName).catch(notWritten('its credentials Secret')),
        readSecret(core, namespace, authenticatorSecretName(server)).catch(notWritten(`the authenticator Secret of DatabaseServer ${server}`)),
      ]);
      const missing = [
        ...secretKeys.filter((key) => data[key] === undefined),
        ...authenticatorKeys.filter((key) => login[key] === undefined).map((key) => `authenticator ${key}`),
      ];
      if (missing.length > 0) {
        throw new PlatformError('unavailable', 'CREDENTIALS_INCOMPLETE',
          `the credentials Secret of tenant ${name} lacks ${missing.join(', ')}`, { retryAfterSeconds: provisioningRetryAfterSeconds });
      }
      logger.info('datasource handed out', { tenant: name });
      return {
        tenant: name,
        server,
        host: data['host'] ?? '',
        port: Number(data['port']),
        database: data['database'] ?? '',
        schema: data['schema'] ?? '',
        // The tenant role itself: since a credential rotation the Secret's login is one of its alternate login roles.
        role: tenant.status?.database?.role ?? data['username'] ?? '',
        username: data['username'] ?? '',
        password: data['password'] ?? '',
        authenticator: { username: login['username'] ?? '', password: login['password'] ?? '' },
        sslMode: data['sslmode'] ?? '',
      };
    },
  };
}

async function readSecret(core: CoreV1Api, namespace: string, name: string): Promise<Record<string, string | undefined>> {
  const secret = await core.readNamespacedSecret({ name, namespace });
  return Object.fromEntries(Object.entries(secret.data ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64').toString('utf8')]));
}
