// The Secret holding a DatabaseServer's backend authenticator login: created once with a generated password, owned by
// the DatabaseServer, and the single source of truth for that password (replace it to rotate; the role follows).
import { CoreV1Api, type KubeConfig, type V1Secret } from '@kubernetes/client-node';
import { authenticatorRoleName, authenticatorSecretName, type DatabaseServer } from '@tenantry/runtime';
import { generatePassword } from '../postgres/scram-verifier.js';
import { MANAGED_SECRETS_SELECTOR } from './credentials-secret.js';
import { isConflict } from './tenant-api.js';

export interface AuthenticatorLogin {
  readonly secretName: string;
  readonly username: string;
  readonly password: string;
  /** The Secret's resourceVersion: the role needs aligning again only when it moves. */
  readonly version: string;
}

export interface AuthenticatorSecrets {
  /** The server's authenticator login, creating its Secret when missing and restoring a wrong username. */
  ensure(server: DatabaseServer): Promise<AuthenticatorLogin>;
}

const [managedKey = '', managedValue = ''] = MANAGED_SECRETS_SELECTOR.split('=');

export function createAuthenticatorSecrets(kubeConfig: KubeConfig, namespace: string): AuthenticatorSecrets {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  return {
    async ensure(server) {
      const name = authenticatorSecretName(server.metadata.name);
      const username = authenticatorRoleName(server.metadata.name);
      const existing = await core.readNamespacedSecret({ name, namespace }).catch((error: unknown) => {
        if ((error as { code?: unknown }).code === 404) return undefined;
        throw error;
      });
      const password = decode(existing?.data?.['password']) || generatePassword();
      const body = secretBody(server, name, namespace, username, password);
      if (existing === undefined) {
        const created = await core.createNamespacedSecret({ namespace, body }).catch((error: unknown) => {
          // Another pass made it meanwhile: its password wins, on the next pass.
          if (isConflict(error)) return undefined;
          throw error;
        });
        if (created === undefined) return this.ensure(server);
        return { secretName: name, username, password, version: created.metadata?.resourceVersion ?? '' };
      }
      if (decode(existing.data?.['username']) === username && existing.data?.['password'] !== undefined) {
        return { secretName: name, username, password, version: existing.metadata?.resourceVersion ?? '' };
      }
      const replaced = await core.replaceNamespacedSecret({
        name, namespace, body: { ...body, metadata: { ...body.metadata, resourceVersion: existing.metadata?.resourceVersion } },
      });
      return { secretName: name, username, password, version: replaced.metadata?.resourceVersion ?? '' };
    },
  };
}

function secretBody(server: DatabaseServer, name: string, namespace: string, username: string, password: string): V1Secret {
  const data = { username, password, host: server.spec.host, port: String(server.spec.port ?? 5432) };
  return {
    apiVersion: 'v1', kind: 'Secret', type: 'Opaque',
    metadata: {
      name, namespace,
      labels: { [managedKey]: managedValue, 'tenantry.dev/database-server': server.metadata.name },
      ownerReferences: [{
        apiVersion: server.apiVersion, kind: server.kind, name: server.metadata.name, uid: server.metadata.uid ?? '',
        controller: true, blockOwnerDeletion: false,
      }],
    },
    data: Object.fromEntries(Object.entries(data).map(([key, value]) => [key, Buffer.from(value).toString('base64')])),
  };
}

function decode(value: string | undefined): string | undefined {
  return value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
}
