// Step `immovable`: storage never moves between servers. The CRD refuses a spec.databaseServer that names
// another server once status records one; this answers Tenants written before that rule, or in the moment
// between the placement and the first status write.
import { proceed, type Step } from '../recipe.js';
import { PlacementError } from '../placement.js';
import type { PlacedPass } from '../tenant-pass.js';

export const storageStaysPut: Step<PlacedPass> = {
  name: 'immovable',
  run({ placed }) {
    const wanted = placed.tenant.spec.databaseServer;
    if (wanted !== undefined && wanted !== placed.server) {
      throw new PlacementError(`spec.databaseServer names ${wanted}, but the tenant's storage is on ${placed.server}: `
        + 'storage never moves between servers; set spec.databaseServer back, or remove it');
    }
    return Promise.resolve(proceed);
  },
};
