// Keeps a DatabaseServer's backend authenticator current: its Secret, the role's password from it, and the role's
// memberships for tenants provisioned before it existed. Done once per Secret version and server generation.
import type { DatabaseServer, Logger } from '@tenantry/runtime';
import type { AuthenticatorSecrets } from '../kube/authenticator-secret.js';
import type { DatabaseServerRegistry } from '../postgres/database-servers.js';
import { scramSha256Verifier } from '../postgres/scram-verifier.js';

export interface ServerAuthenticatorDeps {
  readonly secrets: AuthenticatorSecrets;
  readonly servers: Pick<DatabaseServerRegistry, 'resolve'>;
  /** The resourceVersion of a Secret of the operator's namespace as last watched, undefined when none. */
  readonly secretVersion: (name: string) => string | undefined;
  readonly logger: Logger;
}

export interface ServerAuthenticator {
  /** The role and Secret names for the server's status, after making sure both are current. */
  ensure(server: DatabaseServer): Promise<{ role: string; secretName: string }>;
}

export function createServerAuthenticator({ secrets, servers, secretVersion, logger }: ServerAuthenticatorDeps): ServerAuthenticator {
  /** server name → the `<generation>/<secret version>` its role was last aligned for, in this process. */
  const aligned = new Map<string, { key: string; role: string; secretName: string }>();
  return {
    async ensure(server) {
      const name = server.metadata.name;
      const done = aligned.get(name);
      const watched = done === undefined ? undefined : secretVersion(done.secretName);
      if (done !== undefined && done.key === `${server.metadata.generation ?? 0}/${watched}`) return { role: done.role, secretName: done.secretName };
      const login = await secrets.ensure(server);
      const { storage } = await servers.resolve(name);
      const added = await storage.alignAuthenticator(await scramSha256Verifier(login.password));
      if (added.memberships > 0 || added.databases > 0) logger.info('authenticator grants added', { databaseServer: name, ...added });
      const result = { role: login.username, secretName: login.secretName };
      aligned.set(name, { key: `${server.metadata.generation ?? 0}/${login.version}`, ...result });
      return result;
    },
  };
}
