// Steps `suspension` and `migrations`: what the spec asks of storage that exists. A suspended tenant's role
// loses LOGIN and its sessions end; any other tenant gets the migrations it lacks — a provisioned one when the
// roll-out policy lets it (a new tenant has no data to protect and takes the whole set as it is created).
import { failpoint } from '../../failpoints.js';
import type { MigrationSet } from '../../postgres/migration-catalog.js';
import { MigrationFailedError } from '../../postgres/tenant-migrations.js';
import { proceed, type Step } from '../recipe.js';
import type { RolloutGate } from '../rollout-gate.js';
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

/** A provisioned tenant whose status says it lacks some of the set: the roll-out policy decides when it gets them. */
function rolledOut(pass: PlacedPass, set: MigrationSet): boolean {
  const { status } = pass.placed.tenant;
  if (status?.provisionedAt === undefined) return false;
  return status.migrations?.latest !== set.latest || status.migrations?.applied !== set.names.length;
}

export function migrationsStep(gate: RolloutGate): Step<PlacedPass> {
  return {
    name: 'migrations',
    when: (pass) => !suspended(pass),
    async run(pass) {
      // A copy of a template as current as the migrations on disk leaves nothing for the runner to do.
      const { template, copied, migrations } = pass;
      if (copied && template !== undefined && template.latest === migrations.latest) {
        pass.observed.migrations = { applied: template.applied, latest: template.latest, ran: [] };
        failpoint('after-migrations');
        return proceed;
      }
      const admission = rolledOut(pass, migrations) ? gate.admit(pass.placed.tenant, migrations) : undefined;
      if (admission?.admitted === false) {
        pass.observed.heldByRollout = admission.message;
        return proceed;
      }
      try {
        const { storage } = await pass.server();
        pass.observed.migrations = await storage.migrate(pass.placed.layout, migrations);
        admission?.done('migrated');
      } catch (error) {
        // A lost connection says nothing of the migration: only its own failure counts against the roll-out.
        admission?.done(error instanceof MigrationFailedError ? { failed: error.message } : 'interrupted');
        throw error;
      }
      failpoint('after-migrations');
      return proceed;
    },
  };
}
