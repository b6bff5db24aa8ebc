// Finds the server holding storage an earlier Tenant of the same name retained, so that a re-applied
// Tenant is placed back where its data is, wherever capacity is.
import type { DatabaseServerRegistry } from '../postgres/database-servers.js';

/**
 * Asks each reachable server whether the tenant's role exists. A server that cannot answer now is passed
 * over rather than failing the placement: the tenant then gets fresh storage elsewhere, as it would have
 * had the server been down when it was created.
 */
export async function serverRetaining(servers: Pick<DatabaseServerRegistry, 'names' | 'health' | 'resolve'>, role: string): Promise<string | undefined> {
  for (const name of servers.names()) {
    if (servers.health(name).reachable === false) continue;
    const found = await servers.resolve(name).then((server) => server.storage.hasRole(role), () => false).catch(() => false);
    if (found) return name;
  }
  return undefined;
}
