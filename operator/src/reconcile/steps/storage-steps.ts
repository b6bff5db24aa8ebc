// Steps `template` and `storage`: a silo tenant's database is a copy of the server's template, kept migrated
// to the migrations on disk; a pool tenant's storage is a schema in the server's pool database.
import { failpoint } from '../../failpoints.js';
import { proceed, type Step } from '../recipe.js';
import type { PlacedPass } from '../tenant-pass.js';

const silo = (pass: PlacedPass) => pass.placed.layout.tier === 'silo';

export const templateStep: Step<PlacedPass> = {
  name: 'template',
  when: silo,
  async run(pass) {
    const { storage } = await pass.server();
    pass.template = await storage.prepareTemplate(pass.migrations);
    return proceed;
  },
};

export const storageStep: Step<PlacedPass> = {
  name: 'storage',
  async run(pass) {
    const { storage } = await pass.server();
    pass.copied = await storage.ensureStorage(pass.placed.layout, { fromTemplate: silo(pass) });
    pass.observed.storageReady = true;
    failpoint('after-storage');
    return proceed;
  },
};
