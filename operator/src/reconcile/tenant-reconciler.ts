// Reconciles one Tenant: picks its recipe, runs it, then computes the status from what the steps observed
// and writes it once, only if it changed.
import { isDeepStrictEqual } from 'node:util';
import { withSpan, type Logger, type Tenant, type TenantStatus } from '@tenantry/runtime';
import type { CredentialsSecrets } from '../kube/credentials-secret.js';
import type { EventRecorder } from '../kube/event-recorder.js';
import { isConflict, storageFinalizer, type TenantApi } from '../kube/tenant-api.js';
import { DatabaseServerError, type DatabaseServerRegistry, type ResolvedServer } from '../postgres/database-servers.js';
import type { MigrationCatalog, MigrationSet } from '../postgres/migration-catalog.js';
import { proposePassword } from '../postgres/scram-verifier.js';
import { isConnectionError } from '../postgres/server-connections.js';
import type { ReconcileResult } from '../controller/work-queue.js';
import { classifyFailure } from './failure.js';
import type { Placement } from './placement.js';
import { recordedPlacement } from './placement-record.js';
import { runRecipe, type RecipeOutcome, type RunOptions } from './recipe.js';
import { behindOnlyOnMigrations, isSteady, type SteadinessView } from './steadiness.js';
import { deletingStatusStep, finalizerRemovalStep, releaseStep } from './steps/deletion-steps.js';
import { everyTenantMayMigrate, type RolloutGate } from './rollout-gate.js';
import { placementStep } from './steps/placement-step.js';
import { retirementStep, rotationStep } from './steps/rotation-steps.js';
import { secretStep } from './steps/secret-step.js';
import { credentialsTimerMs } from './rotation-schedule.js';
import { migrationsStep } from './steps/spec-steps.js';
import { noObservations, type PlacedTenant, type TenantPass } from './tenant-pass.js';
import { tenantRecipes } from './tenant-recipes.js';
import { computeStatus, deletingStatus, stripUndefined, type PassEnd } from './tenant-status.js';

export interface TenantReconcilerDeps {
  readonly tenants: TenantApi;
  readonly secrets: CredentialsSecrets;
  readonly servers: DatabaseServerRegistry;
  readonly placement: Placement;
  readonly catalog: MigrationCatalog;
  readonly events: EventRecorder;
  /** True when the Tenant CRD itself is being deleted: storage is then always retained. */
  readonly crdTerminating: () => Promise<boolean>;
  readonly logger: Logger;
  /** Whether the named credentials Secret exists, from a watch: a steady tenant whose Secret went is not steady. */
  readonly secretExists: (name: string) => boolean;
  /** Remembers the newest version of a Tenant this process wrote, ahead of the informer cache. */
  readonly remember: (tenant: Tenant) => void;
  readonly onProvisioned?: (tenant: Tenant, seconds: number) => void;
  /** The migration roll-out policy's say on a provisioned tenant behind on migrations (default: every tenant may). */
  readonly rollout?: RolloutGate;
  readonly now?: () => Date;
  /** How often a tenant looks again for the DatabaseServer its spec names (default 30 s)… */
  readonly missingServerRetryMs?: number;
  /** …and how long after its creation it waits for it before it is Stalled (default 30 s). */
  readonly missingServerGraceMs?: number;
}

export interface TenantReconciler {
  reconcile(tenant: Tenant): Promise<ReconcileResult>;
  /** True when the tenant's status already matches its spec and the migrations on disk. */
  isSteady(tenant: Tenant, migrations: MigrationSet): boolean;
}

/** Each step is a span of the pass's trace: its Kubernetes calls and SQL become the step's children. */
const traced: RunOptions['around'] = (name, work) => withSpan(name, work, { attributes: { 'tenantry.phase': name } });

export function createTenantReconciler(deps: TenantReconcilerDeps): TenantReconciler {
  const { tenants, servers, catalog, events, logger, remember, now = () => new Date() } = deps;
  const view: SteadinessView = { serverReachable: (name) => servers.health(name).reachable, secretExists: deps.secretExists, now };

  const writeStatus = async (tenant: Tenant, status: TenantStatus): Promise<Tenant> => {
    if (isDeepStrictEqual(stripUndefined(tenant.status ?? {}), status)) return tenant;
    const updated = await tenants.replaceStatus(tenant, status);
    remember(updated);
    return updated;
  };
  const deletionDeps = { tenants, events, crdTerminating: deps.crdTerminating, writeStatus, remember, now };
  const recipes = tenantRecipes({
    placement: placementStep({
      tenants, placement: deps.placement, servers, remember, now,
      missingServerRetryMs: deps.missingServerRetryMs ?? 30_000, missingServerGraceMs: deps.missingServerGraceMs ?? 30_000,
    }),
    secret: secretStep(deps.secrets),
    retirement: retirementStep(deps.secrets, now),
    rotation: rotationStep(deps.secrets, now),
    deletingStatus: deletingStatusStep(deletionDeps),
    release: releaseStep(deletionDeps),
    finalizerRemoval: finalizerRemovalStep(deletionDeps),
    migrations: migrationsStep(deps.rollout ?? everyTenantMayMigrate),
  }, (placed) => reachableServer(servers, placed.server));

  const provision = async (tenant: Tenant, migrations: MigrationSet): Promise<ReconcileResult> => {
    const wasReady = tenant.status?.provisionedAt !== undefined;
    const rollout = behindOnlyOnMigrations(tenant, view);
    const pass: TenantPass = { tenant, migrations, observed: { ...noObservations(), storageReady: rollout }, proposed: proposePassword() };
    const recipe = rollout ? recipes.rollout : wasReady ? recipes.provisionedTenant : recipes.newTenant;
    const steps: Array<{ step: string; ms: number }> = [];
    const outcome = await runRecipe(recipe, pass, { around: traced, onStep: (step, ms) => steps.push({ step, ms: Math.round(ms * 10) / 10 }) });
    logger.debug('reconcile steps', { steps });
    if (outcome.result === 'failed' && isConflict(outcome.error)) throw outcome.error; // A stale read: retry at once with the newer object.
    const current = pass.placed?.tenant ?? tenant;
    const end = passEnd(outcome, pass.placed);
    if (outcome.result === 'failed') noteUnreachable(outcome.error, pass.placed);
    const status = computeStatus(current, { placed: pass.placed, observed: pass.observed, end }, migrations, now());
    const written = await withSpan('status', () => writeStatus(current, status), { attributes: { 'tenantry.phase': 'status' } });
    announce(written, end, wasReady);
    if (outcome.result === 'failed') throw outcome.error;
    return outcome.result === 'requeue' ? { requeueAfterMs: outcome.afterMs } : credentialsTimer(written);
  };

  /** A scheduled rotation or retirement comes back by itself: informer events and resyncs may be far apart. */
  const credentialsTimer = (tenant: Tenant): ReconcileResult => {
    const ms = credentialsTimerMs(tenant, now());
    return ms === undefined ? undefined : { requeueAfterMs: ms };
  };

  const noteUnreachable = (error: Error, placed: PlacedTenant | undefined) => {
    if (placed && !(error instanceof DatabaseServerError) && isConnectionError(error)) servers.reportConnectionFailure(placed.server, error);
  };

  /** Routine success is no Event (the status says it); a failure is, once per reason and message for a while. */
  const announce = (tenant: Tenant, end: PassEnd, wasReady: boolean) => {
    if (end.state === 'failed') {
      events.record(tenant, 'Warning', end.failure.reason, end.failure.message);
      logger.warn('tenant reconcile failed', { step: end.step, reason: end.failure.reason, error: end.failure.message, transient: end.failure.transient });
      return;
    }
    if (wasReady || !tenant.status?.provisionedAt) return;
    const seconds = (Date.parse(tenant.status.provisionedAt) - Date.parse(tenant.metadata.creationTimestamp ?? tenant.status.provisionedAt)) / 1000;
    deps.onProvisioned?.(tenant, Math.max(0, seconds));
    logger.info('tenant ready', { tier: tenant.spec.tier ?? 'pool', server: tenant.status.database?.server, migrations: tenant.status.migrations?.applied });
  };

  const finalize = async (tenant: Tenant): Promise<void> => {
    const placed = recordedPlacement(tenant, (name) => servers.resource(name));
    if (!placed) {
      await runRecipe(recipes.unplacedDeletion, { tenant }, { around: traced }).then(rethrow);
      return;
    }
    let resolved: Promise<ResolvedServer> | undefined;
    const pass = { tenant, placed, server: () => (resolved ??= reachableServer(servers, placed.server)) };
    const outcome = await runRecipe(recipes.deletion, pass, { around: traced });
    if (outcome.result === 'failed' && !isConflict(outcome.error)) {
      const failure = classifyFailure(outcome.error, placed.server);
      await writeStatus(pass.tenant, deletingStatus(pass.tenant, now(), failure.message)).catch(() => undefined);
      events.record(pass.tenant, 'Warning', 'DeletionBlocked', `cannot release storage: ${failure.message}`);
    }
    rethrow(outcome);
    logger.info('tenant finalized', { deletionPolicy: tenant.spec.deletionPolicy ?? 'Retain' });
  };

  return {
    async reconcile(tenant) {
      if (tenant.metadata.deletionTimestamp) {
        if (tenant.metadata.finalizers?.includes(storageFinalizer)) await finalize(tenant);
        return undefined;
      }
      const migrations = await catalog.current();
      if (isSteady(tenant, migrations, view)) return credentialsTimer(tenant);
      return provision(tenant, migrations);
    },
    isSteady: (tenant, migrations) => isSteady(tenant, migrations, view),
  };
}

function passEnd(outcome: RecipeOutcome, placed: PlacedTenant | undefined): PassEnd {
  switch (outcome.result) {
    case 'done':
      return { state: 'done' };
    case 'requeue':
      return { state: 'waiting', step: outcome.step, reason: outcome.reason, message: outcome.message };
    case 'failed':
      return { state: 'failed', step: outcome.step, failure: classifyFailure(outcome.error, placed?.server) };
  }
}

function rethrow(outcome: RecipeOutcome): void {
  if (outcome.result === 'failed') throw outcome.error;
}

/** The tenant's server, refused at once while its sentinel connection says it is down. */
async function reachableServer(servers: DatabaseServerRegistry, name: string): Promise<ResolvedServer> {
  const health = servers.health(name);
  if (health.reachable === false) throw new DatabaseServerError('SERVER_UNREACHABLE', `DatabaseServer ${name} is unreachable (${health.message})`);
  return servers.resolve(name);
}
