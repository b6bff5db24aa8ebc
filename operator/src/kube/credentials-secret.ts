// The Secret holding a tenant's database credentials: created once with a generated password, owned
// by the Tenant (so it goes with it), and the single source of truth for that password — and, since a rotation
// switches login and password in one write, for which login role is current and which one is retiring.
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
  /** What the last rotation did, from the Secret's annotations. */
  readonly rotation?: RotationRecord;
}

export interface RotationRecord {
  readonly rotatedAt?: string;
  /** The value of the Tenant's rotate-credentials annotation this rotation carried out. */
  readonly request?: string;
  /** The previous login role, working until `retiresAt`. */
  readonly retiring?: { readonly username: string; readonly retiresAt: string };
}

export interface CredentialsSecrets {
  /**
   * Returns the Secret's credentials, creating the Secret with `proposedPassword` or correcting an
   * existing one; an existing Secret keeps its password, which then wins over the proposal.
   */
  ensure(tenant: Tenant, secretName: string, connection: Connection, proposedPassword: string): Promise<Credentials>;
  /** The Secret's credentials; undefined when it does not exist. */
  read(secretName: string): Promise<Credentials | undefined>;
  /** Writes rotated credentials (login role, password and rotation record at once), based on the copy `read` gave. */
  rotate(tenant: Tenant, secretName: string, credentials: Credentials): Promise<Credentials>;
}

/** Where and as whom to connect; `logins` are the usernames an existing Secret may hold and keep (rotations'). */
export type Connection = Omit<Credentials, 'password' | 'rotation'> & { readonly logins: readonly string[] };

const annotation = {
  rotatedAt: 'tenantry.dev/rotated-at',
  request: 'tenantry.dev/rotation-request',
  retiringUsername: 'tenantry.dev/retiring-username',
  retiresAt: 'tenantry.dev/retires-at',
} as const;

const managedBy = { 'app.kubernetes.io/managed-by': 'tenantry-operator' };
/** Selects the credentials Secrets this operator manages. */
export const MANAGED_SECRETS_SELECTOR = 'app.kubernetes.io/managed-by=tenantry-operator';

export function createCredentialsSecrets(kubeConfig: KubeConfig, namespace: string): CredentialsSecrets {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  return {
    async ensure(tenant, secretName, connection, proposedPassword) {
      const { logins, ...where } = connection;
      const proposed: Credentials = { ...where, password: proposedPassword };
      // Create first: a new tenant's Secret costs one round trip; an existing one answers 409.
      const created = await core.createNamespacedSecret({ namespace, body: secretBody(tenant, secretName, namespace, proposed) })
        .then(() => true, (error: unknown) => {
          if (isConflict(error)) return false;
          throw error;
        });
      if (created) return proposed;
      const existing = await core.readNamespacedSecret({ name: secretName, namespace });
      const password = decode(existing.data?.['password']) ?? proposedPassword;
      const username = decode(existing.data?.['username']);
      const rotation = rotationOf(existing);
      const credentials: Credentials = {
        ...where, password, ...(username !== undefined && logins.includes(username) ? { username } : {}), ...(rotation ? { rotation } : {}),
      };
      const body = secretBody(tenant, secretName, namespace, credentials);
      if (!sameData(existing, body)) {
        await core.replaceNamespacedSecret({
          name: secretName, namespace,
          body: { ...body, metadata: { ...body.metadata, resourceVersion: existing.metadata?.resourceVersion } },
        });
      }
      return credentials;
    },
    async read(secretName) {
      const secret = await core.readNamespacedSecret({ name: secretName, namespace }).catch((error: unknown) => {
        if ((error as { code?: unknown }).code === 404) return undefined;
        throw error;
      });
      return secret === undefined ? undefined : credentialsOf(secret);
    },
    async rotate(tenant, secretName, credentials) {
      const body = secretBody(tenant, secretName, namespace, credentials);
      // The leading operator is the Secret's only writer: the newest version is the one to replace.
      const existing = await core.readNamespacedSecret({ name: secretName, namespace });
      await core.replaceNamespacedSecret({
        name: secretName, namespace, body: { ...body, metadata: { ...body.metadata, resourceVersion: existing.metadata?.resourceVersion } },
      });
      return credentials;
    },
  };
}

function credentialsOf(secret: V1Secret): Credentials | undefined {
  const field = (key: string) => decode(secret.data?.[key]);
  const [host, port, database, schema, username, password] = ['host', 'port', 'database', 'schema', 'username', 'password'].map(field);
  if (host === undefined || database === undefined || schema === undefined || username === undefined || password === undefined) return undefined;
  const rotation = rotationOf(secret);
  return {
    host, port: Number(port ?? 5432), database, schema, username, password, sslMode: field('sslmode') ?? 'prefer', ...(rotation ? { rotation } : {}),
  };
}

function rotationOf(secret: V1Secret): RotationRecord | undefined {
  const notes = secret.metadata?.annotations ?? {};
  const rotatedAt = notes[annotation.rotatedAt];
  if (rotatedAt === undefined) return undefined;
  const request = notes[annotation.request];
  const username = notes[annotation.retiringUsername];
  const retiresAt = notes[annotation.retiresAt];
  return { rotatedAt, ...(request ? { request } : {}), ...(username && retiresAt ? { retiring: { username, retiresAt } } : {}) };
}

function rotationAnnotations(rotation: RotationRecord | undefined): Record<string, string> | undefined {
  if (!rotation?.rotatedAt) return undefined;
  return {
    [annotation.rotatedAt]: rotation.rotatedAt,
    ...(rotation.request ? { [annotation.request]: rotation.request } : {}),
    ...(rotation.retiring ? { [annotation.retiringUsername]: rotation.retiring.username, [annotation.retiresAt]: rotation.retiring.retiresAt } : {}),
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
      ...(rotationAnnotations(credentials.rotation) ? { annotations: rotationAnnotations(credentials.rotation) } : {}),
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
  const notes = Object.values(annotation).every((key) => existing.metadata?.annotations?.[key] === desired.metadata?.annotations?.[key]);
  return owner && notes && keys.every((key) => existing.data?.[key] === desired.data?.[key]);
}

function decode(value: string | undefined): string | undefined {
  return value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
}
