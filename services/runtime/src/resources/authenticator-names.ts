// The names of a DatabaseServer's backend authenticator: its PostgreSQL role and its credentials Secret, derived
// from the server's name alone so the operator (which makes them) and the platform (which reads them) agree.
import { createHash } from 'node:crypto';

const shortHash = (name: string) => createHash('sha256').update(name).digest('hex').slice(0, 8);

/**
 * `tenantry_auth_<server>_<hash>`: unique per DatabaseServer even when two of them point at one PostgreSQL cluster
 * (roles are cluster-wide), within PostgreSQL's 63 bytes, and outside the `tenant\_%` pattern of tenant roles.
 */
export function authenticatorRoleName(server: string): string {
  return `tenantry_auth_${server.replace(/[^a-z0-9]/g, '_').slice(0, 40)}_${shortHash(server)}`;
}

/** `<server>-authenticator`, shortened with a hash past the 253 characters of an object name. */
export function authenticatorSecretName(server: string): string {
  const name = `${server}-authenticator`;
  return name.length <= 253 ? name : `${server.slice(0, 230)}-${shortHash(server)}-authenticator`;
}
