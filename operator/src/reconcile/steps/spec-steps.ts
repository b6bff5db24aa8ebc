// Steps `suspension` and `migrations`: what the spec asks of storage that exists. A suspended tenant's role
// loses LOGIN and its sessions end; any other tenant gets the migrations it lacks.
import { failpoint } from '../../failpoints.js';
import { proceed, type Step } from '../recipe.js';
import type { PlacedPass } from '../tenant-pass.js';

const suspended = (pass: PlacedPass) => pass.placed.tenant.spec.suspended === true;

export const suspensionStep: Step<PlacedPass> = {
  name: 'suspension',
  when: suspended,
  async run(pass) {
    const { storage } = await pass.server();
    await storage.suspendLogins(pass.placed.layout);
    pass.observed.suspended = true;
    return proceed;
  },
};

export const migrationsStep: Step<PlacedPass> = {
  name: 'migrations',
  when: (pass) => !suspended(pass),
  async run(pass) {
    // A copy of a template as current as the migrations on disk leaves nothing for the runner to do.
    const { template, copied, migrations } = pass;
    if (copied && template !== undefined && template.latest === migrations.latest) {
      pass.observed.migrations = { applied: template.applied, latest: template.latest, ran: [] };
    } else {
      const { storage } = await pass.server();
      pass.observed.migrations = await storage.migrate(pass.placed.layout, migrations);
    }
    failpoint('after-migrations');
    return proceed;
  },
};
