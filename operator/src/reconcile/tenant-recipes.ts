// The Tenant recipes, each an ordered list of steps read top to bottom; the concurrency in them is deliberate.
import type { ResolvedServer } from '../postgres/database-servers.js';
import { concurrently, narrowed, type Entry, type Recipe, type Step } from './recipe.js';
import type { DeletionPass, PlacedPass, PlacedTenant, TenantPass } from './tenant-pass.js';
import { passwordAlignmentStep, proposalStep, roleStep } from './steps/role-steps.js';
import { serverStep } from './steps/server-step.js';
import { suspensionStep } from './steps/spec-steps.js';
import { storageStaysPut } from './steps/storage-stays-put.js';
import { storageStep, templateStep } from './steps/storage-steps.js';

export interface TenantRecipeSteps {
  readonly placement: Step<TenantPass>;
  readonly secret: Step<PlacedPass>;
  /** Credential rotation: the previous login retired once its grace period is over, then a rotation when due. */
  readonly retirement: Step<PlacedPass>;
  readonly rotation: Step<PlacedPass>;
  readonly deletingStatus: Step<DeletionPass>;
  readonly release: Step<DeletionPass>;
  readonly finalizerRemoval: Step<{ tenant: TenantPass['tenant'] }>;
  /** Runs the migrations a tenant lacks, when the roll-out policy lets it. */
  readonly migrations: Step<PlacedPass>;
}

export interface TenantRecipes {
  /** Never Ready yet. */
  readonly newTenant: Recipe<TenantPass>;
  /** Ready before: its spec changed, or something it needs went missing. */
  readonly provisionedTenant: Recipe<TenantPass>;
  /** Ready and only behind on migrations: a roll-out. */
  readonly rollout: Recipe<TenantPass>;
  /** Being deleted, with storage to release. */
  readonly deletion: Recipe<DeletionPass>;
  /** Being deleted, never placed: nothing to release. */
  readonly unplacedDeletion: Recipe<{ tenant: TenantPass['tenant'] }>;
}

/** `server` resolves a tenant's DatabaseServer, refusing one known to be unreachable. */
export function tenantRecipes(steps: TenantRecipeSteps, server: (placed: PlacedTenant) => Promise<ResolvedServer>): TenantRecipes {
  const afterPlacement = (recipe: Recipe<PlacedPass>, placement: Entry<TenantPass> = steps.placement): Recipe<TenantPass> => [
    placement,
    narrowed('placement', (pass) => pass.placed && placedPass(pass, pass.placed, server), recipe),
  ];
  // The SQL half of provisioning: role, storage, then what the spec asks of it.
  const sql = [roleStep, templateStep, storageStep, suspensionStep, steps.migrations];
  const credentials = [steps.retirement, steps.rotation];
  return {
    // Nobody logs in as a new tenant's role yet, so its Secret is written while the SQL runs; an older
    // Secret found holding another password wins afterwards.
    // Its role's SCRAM verifier is hashed while the placement write is on its way.
    newTenant: afterPlacement([storageStaysPut, serverStep, concurrently([steps.secret], sql), passwordAlignmentStep],
      concurrently([steps.placement], [proposalStep])),
    // A role that served logins only ever gets the password its Secret already holds: Secret first.
    provisionedTenant: afterPlacement([storageStaysPut, serverStep, steps.secret, ...sql, ...credentials]),
    // Finalizer, Secret, role and storage were in place when it last reported Ready, and are not re-checked.
    // A rotation or retirement that came due goes this way too (each step applies only when due).
    rollout: afterPlacement([steps.migrations, ...credentials]),
    deletion: [steps.deletingStatus, steps.release, steps.finalizerRemoval],
    unplacedDeletion: [steps.finalizerRemoval],
  };
}

function placedPass(pass: TenantPass, placed: PlacedTenant, server: (placed: PlacedTenant) => Promise<ResolvedServer>): PlacedPass {
  let resolved: Promise<ResolvedServer> | undefined;
  return {
    placed, migrations: pass.migrations, observed: pass.observed, proposed: pass.proposed,
    server: () => (resolved ??= server(placed)),
  };
}
