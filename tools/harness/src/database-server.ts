// Registers a PostgreSQL server with Tenantry: its admin credentials Secret and a DatabaseServer
// resource, so the operator can place tenants on it. Idempotent.
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import type { Environment } from './environment.js';
import type { Postgres } from './postgres.js';

export interface RegisterDatabaseServerOptions {
  readonly name: string;
  readonly namespace: string;
  readonly capacity?: number;
  /** Another port than the harness PostgreSQL's, e.g. one nothing listens on, for an unreachable server. */
  readonly port?: number;
  /** Another PostgreSQL cluster than the environment's, e.g. a second one from startPostgres. */
  readonly postgres?: Postgres;
}

export async function registerDatabaseServer(
  env: Environment, { name, namespace, capacity = 5000, postgres = env.postgres, port = postgres.port }: RegisterDatabaseServerOptions,
): Promise<void> {
  const kubeConfig = env.kubeConfig();
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const secretName = `${name}-postgres-admin`;
  await core.createNamespace({ body: { metadata: { name: namespace } } }).catch(ignoreAlreadyExists);
  await core.createNamespacedSecret({
    namespace,
    body: { metadata: { name: secretName }, stringData: { username: postgres.superuser, password: postgres.password } },
  }).catch(ignoreAlreadyExists);
  await kubeConfig.makeApiClient(CustomObjectsApi).createClusterCustomObject({
    group: 'tenantry.dev', version: 'v1alpha1', plural: 'databaseservers',
    body: {
      apiVersion: 'tenantry.dev/v1alpha1', kind: 'DatabaseServer', metadata: { name },
      spec: {
        host: postgres.host, port, sslMode: 'disable', capacity,
        credentialsSecret: { name: secretName, namespace },
      },
    },
  }).catch(ignoreAlreadyExists);
}

function ignoreAlreadyExists(error: unknown): void {
  if ((error as { code?: number }).code !== 409) throw error;
}
