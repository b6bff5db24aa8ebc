// Step `server`: the tenant's DatabaseServer, reachable, with its shared databases closed to PUBLIC
// (PostgreSQL gives every login CONNECT on postgres and template1) before a tenant login exists there.
import { proceed, type Step } from '../recipe.js';
import type { PlacedPass } from '../tenant-pass.js';

export const serverStep: Step<PlacedPass> = {
  name: 'server',
  async run(pass) {
    const { storage } = await pass.server();
    await storage.lockDown();
    return proceed;
  },
};
