// The Secret holding a tenant's database credentials: created once with a generated password, owned
// by the Tenant (so it goes with it), and the single source of truth for that password.
import { CoreV1Api, type KubeConfig, type V1Secret } from '@kubernetes/client-node';
import type { Tenant } from '@tenantry/runtime';
import { jdbcUri, libpqUri, pgpassLine } from './connection-strings.js';
import { isConflict } from './tenant-api.js';

export interface Credentials {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly schema: string;
  readonly username: string;
  readonly password: string;
  readonly sslMode: string;
}

export interface CredentialsSecrets {
  /**
   * Returns the Secret's credentials, creating the Secret with `proposedPassword` or correcting an
   * existing one; an existing Secret keeps its password, which then wins over the proposal.
   */
  ensure(tenant: Tenant, secretName: string, connection: Omit<Credentials, 'password'>, proposedPassword: string): Promise<Credentials>;
}

const managedBy = { 'app.kubernetes.io/managed-by': 'tenantry-operator' };
/** Selects the credentials Secrets this operator manages. */
export const MANAGED_SECRETS_SELECTOR = 'app.kubernetes.io/managed-by=tenantry-operator';

export function createCredentialsSecrets(kubeConfig: KubeConfig, namespace: string): CredentialsSecrets {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  return {
    async ensure(tenant, secretName, connection, proposedPassword) {
      const proposed: Credentials = { ...connection, password: proposedPassword };
      // Create first: a new tenant's Secret costs one round trip; an existing one answers 409.
      const created = await core.createNamespacedSecret({ namespace, body: secretBody(tenant, secretName, namespace, proposed) })
        .then(() => true, (error: unknown) => {
          if (isConflict(error)) return false;
          throw error;
        });
      if (created) return proposed;
      const existing = await core.readNamespacedSecret({ name: secretName, namespace });
      const password = decode(existing.data?.['password']) ?? proposedPassword;
      const credentials: Credentials = { ...connection, password };
      const body = secretBody(tenant, secretName, namespace, credentials);
      if (!sameData(existing, body)) {
        await core.replaceNamespacedSecret({
          name: secretName, namespace,
          body: { ...body, metadata: { ...body.metadata, resourceVersion: existing.metadata?.resourceVersion } },
        });
      }
      return credentials;
    },
  };
}

function secretBody(tenant: Tenant, name: string, namespace: string, credentials: Credentials): V1Secret {
  const data: Record<string, string> = {
    host: credentials.host,
    port: String(credentials.port),
    database: credentials.database,
    schema: credentials.schema,
    username: credentials.username,
    password: credentials.password,
    sslmode: credentials.sslMode,
    // The keys applications commonly read (CloudNativePG's set): dbname beside database, and ready-made strings.
    dbname: credentials.database,
    uri: libpqUri(credentials),
    'jdbc-uri': jdbcUri(credentials),
    pgpass: `${pgpassLine(credentials)}\n`,
  };
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: {
      name,
      namespace,
      labels: { ...managedBy, 'tenantry.dev/tenant': tenant.metadata.name },
      ownerReferences: [{
        apiVersion: tenant.apiVersion, kind: tenant.kind, name: tenant.metadata.name, uid: tenant.metadata.uid ?? '',
        controller: true, blockOwnerDeletion: false,
      }],
    },
    data: Object.fromEntries(Object.entries(data).map(([key, value]) => [key, Buffer.from(value).toString('base64')])),
  };
}

function sameData(existing: V1Secret, desired: V1Secret): boolean {
  const owner = existing.metadata?.ownerReferences?.[0]?.uid === desired.metadata?.ownerReferences?.[0]?.uid;
  const keys = Object.keys(desired.data ?? {});
  return owner && keys.every((key) => existing.data?.[key] === desired.data?.[key]);
}

function decode(value: string | undefined): string | undefined {
  return value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
}
