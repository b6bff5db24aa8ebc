// The tenant roles one server has, read in one query the first time they are asked about and kept current by
// this operator's own changes since (only the leading operator creates, retains and drops tenant roles), with
// what the admin itself may do. It spares every new tenant a catalog lookup per server.
import type { ServerConnections } from './server-connections.js';
import { adminRights, tenantRoleNames, type AdminRights } from './catalog-lookups.js';

export interface RoleCatalog {
  /** Whether the role exists on the server. */
  has(role: string): Promise<boolean>;
  /** What the connected admin may do; it does not change while the process runs. */
  admin(): Promise<AdminRights>;
  created(role: string): void;
  dropped(role: string): void;
  /** Forgets everything: the next question reads the catalog again (after a surprise, e.g. a duplicate role). */
  reset(): void;
}

/** Tenant roles are named tenant_<name> (storageNames); the pattern selects them and nothing of the server's own. */
const tenantRolePattern = 'tenant\\_%';

export function createRoleCatalog(server: ServerConnections): RoleCatalog {
  let loaded: Promise<{ roles: Set<string>; admin: AdminRights }> | undefined;
  const load = () => {
    loaded ??= server.withAdmin('postgres', async (client) => ({
      roles: new Set(await tenantRoleNames(client, tenantRolePattern)),
      admin: await adminRights(client),
    }));
    // A failed read is not remembered: the next question asks again.
    loaded.catch(() => { loaded = undefined; });
    return loaded;
  };
  const change = (work: (roles: Set<string>) => void) => {
    void loaded?.then(({ roles }) => work(roles), () => undefined);
  };
  return {
    has: async (role) => (await load()).roles.has(role),
    admin: async () => (await load()).admin,
    created: (role) => change((roles) => roles.add(role)),
    dropped: (role) => change((roles) => roles.delete(role)),
    reset() {
      loaded = undefined;
    },
  };
}
