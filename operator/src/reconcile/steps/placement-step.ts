// Step `placement`: the finalizer and the tenant's placement in one write to the object, before any storage
// exists. The finalizer makes a deletion wait for storage to be released; the recorded server keeps a
// restarted operator from placing the same tenant twice. Storage names follow from the tenant's name.
import { storageNames, type Tenant } from '@tenantry/runtime';
import { failpoint } from '../../failpoints.js';
import { storageFinalizer, type TenantApi } from '../../kube/tenant-api.js';
import { DatabaseServerError, type DatabaseServerRegistry } from '../../postgres/database-servers.js';
import type { Placement } from '../placement.js';
import { placementAnnotations, placementOn, recordedPlacement } from '../placement-record.js';
import { proceed, requeueAfter, type Step } from '../recipe.js';
import { serverRetaining } from '../retained-storage.js';
import type { TenantPass } from '../tenant-pass.js';

export interface PlacementStepDeps {
  readonly tenants: Pick<TenantApi, 'admit'>;
  readonly placement: Placement;
  readonly servers: DatabaseServerRegistry;
  readonly remember: (tenant: Tenant) => void;
  /** How often to look again for a DatabaseServer that spec.databaseServer names and that does not exist yet. */
  readonly missingServerRetryMs: number;
  /** How long after its creation a tenant waits for that server in progress; after that it is Stalled. */
  readonly missingServerGraceMs: number;
  readonly now: () => Date;
}

export function placementStep(deps: PlacementStepDeps): Step<TenantPass> {
  const { tenants, placement, servers, remember, missingServerRetryMs, missingServerGraceMs, now } = deps;
  const chooseServer = async (tenant: Tenant): Promise<string> => {
    if (tenant.spec.databaseServer) return placement.choose(tenant);
    return await serverRetaining(servers, storageNames(tenant.metadata.name).role) ?? placement.choose(tenant);
  };
  return {
    name: 'placement',
    async run(pass) {
      const { tenant } = pass;
      const recorded = recordedPlacement(tenant, (name) => servers.resource(name));
      if (recorded && tenant.metadata.finalizers?.includes(storageFinalizer)) {
        pass.placed = recorded;
        return proceed;
      }
      const named = tenant.spec.databaseServer;
      if (!recorded && named && !servers.resource(named)) {
        // Applied together, a Tenant may arrive before its DatabaseServer: it waits, in progress, for a while.
        // Past that the name is a mistake a person must fix (Stalled); the server's watch still places the
        // tenant the moment the server appears.
        const createdMs = Date.parse(tenant.metadata.creationTimestamp ?? '');
        const leftMs = missingServerGraceMs - (now().getTime() - (Number.isNaN(createdMs) ? now().getTime() : createdMs));
        if (leftMs > 0) {
          return requeueAfter(Math.min(missingServerRetryMs, leftMs), 'DatabaseServerNotFound', `waiting for DatabaseServer ${named}, named in spec.databaseServer, to exist`);
        }
        throw new DatabaseServerError('SERVER_NOT_FOUND', `DatabaseServer ${named}, named in spec.databaseServer, does not exist`);
      }
      try {
        const server = recorded?.server ?? await chooseServer(tenant);
        const placed = placementOn(tenant, server, servers.resource(server), recorded?.layout.database);
        const admitted = await tenants.admit(tenant, storageFinalizer, placementAnnotations(placed));
        remember(admitted);
        pass.placed = { ...placed, tenant: admitted };
      } finally {
        placement.settle(tenant.metadata.name);
      }
      failpoint('after-placement');
      return proceed;
    },
  };
}
