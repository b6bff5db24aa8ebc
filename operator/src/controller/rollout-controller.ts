// Wires the MigrationRollout in: its informer, the newest copy of the policy the gate reads, the reconciler,
// and what makes it run — a policy change, a tenant's status change, a gate outcome, a new migration set.
import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import {
  createResourceInformer, migrationRolloutName, migrationRolloutPlural, tenantryGroup, tenantryVersion,
  type Logger, type MigrationRollout, type ResourceInformer, type Tenant,
} from '@tenantry/runtime';
import type { EventRecorder } from '../kube/event-recorder.js';
import type { MigrationCatalog } from '../postgres/migration-catalog.js';
import { createRolloutGate, type RolloutGate } from '../reconcile/rollout-gate.js';
import { createRolloutReconciler } from '../reconcile/rollout-reconciler.js';
import type { ReconcileResult } from './work-queue.js';

export const rolloutKey = `rollout/${migrationRolloutName}`;

export interface RolloutControllerOptions {
  readonly kubeConfig: KubeConfig;
  readonly logger: Logger;
  readonly catalog: MigrationCatalog;
  readonly tenants: ResourceInformer<Tenant>;
  readonly events: EventRecorder;
  /** The operator's concurrency: maxConcurrent when the policy names none. */
  readonly concurrency: number;
  /** Queues a tenant the roll-out admits (or that waited for a slot) ahead of other work: a wave waits on it. */
  readonly admitTenant: (name: string) => void;
  /** Queues a tenant behind other work: one the roll-out holds, to say so in its status. */
  readonly enqueueTenant: (name: string) => void;
  readonly enqueueRollout: (delayMs: number) => void;
  /** Every tenant behind on migrations: when the policy goes, they all may migrate. */
  readonly enqueueAllTenants: () => void;
}

export interface RolloutController {
  readonly gate: RolloutGate;
  /** Whether a policy decides the tenants' migrations: then a new migration set reaches tenants through the roll-out. */
  governs(): boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  synced(): boolean;
  reconcile(): Promise<ReconcileResult>;
}

/** Status writes while a roll-out moves: at most one per this many milliseconds, however many tenants finish. */
const debounceMs = 200;
const unsyncedRetryMs = 100;

export function createRolloutController(options: RolloutControllerOptions): RolloutController {
  const { kubeConfig, logger } = options;
  const objects = kubeConfig.makeApiClient(CustomObjectsApi);
  const coordinates = { group: tenantryGroup, version: tenantryVersion, plural: migrationRolloutPlural };
  let known: MigrationRollout | undefined;
  const newer = (candidate: MigrationRollout) => known === undefined || known.metadata.uid !== candidate.metadata.uid
    || BigInt(candidate.metadata.resourceVersion ?? '0') > BigInt(known.metadata.resourceVersion ?? '0');

  const informer = createResourceInformer<MigrationRollout>({
    kubeConfig, logger, kind: 'MigrationRollout',
    path: `/apis/${tenantryGroup}/${tenantryVersion}/${migrationRolloutPlural}`,
    list: () => objects.listClusterCustomObject(coordinates) as Promise<{ items: MigrationRollout[] }>,
  });
  informer.subscribe((rollout, event) => {
    if (rollout.metadata.name !== migrationRolloutName) return;
    if (event === 'delete') {
      known = undefined;
      logger.info('migration roll-out policy removed; every tenant may migrate');
      options.enqueueAllTenants();
      return;
    }
    if (newer(rollout)) known = rollout;
    options.enqueueRollout(0);
  });
  const poke = () => {
    if (known !== undefined) options.enqueueRollout(debounceMs);
  };
  options.tenants.subscribe(poke);

  const gate = createRolloutGate({ policy: () => known, defaultConcurrency: options.concurrency, wake: options.admitTenant, changed: poke });
  const reconciler = createRolloutReconciler({
    policy: () => known,
    // Never over a newer copy: a spec changed while this pass ran wins, and its own pass follows.
    remember: (rollout) => {
      if (known !== undefined && known.metadata.uid === rollout.metadata.uid
        && BigInt(rollout.metadata.resourceVersion ?? '0') >= BigInt(known.metadata.resourceVersion ?? '0')) known = rollout;
    },
    writeStatus: async (rollout, status) => await objects.replaceClusterCustomObjectStatus({
      ...coordinates, name: rollout.metadata.name,
      body: { apiVersion: rollout.apiVersion, kind: rollout.kind, metadata: rollout.metadata, spec: rollout.spec, status },
    }) as MigrationRollout,
    tenants: () => options.tenants.list(),
    catalog: options.catalog,
    gate,
    events: options.events,
    // In reverse, so the first admitted ends up first in the queue.
    admit: (names) => {
      for (const name of [...names].reverse()) options.admitTenant(name);
    },
    hold: (names) => {
      for (const name of names) options.enqueueTenant(name);
    },
    logger,
  });

  let stopWatchingMigrations = () => undefined as void;
  return {
    gate,
    async start() {
      await informer.start();
      // At once: the roll-out, not every tenant at a time, decides who takes a new set first.
      stopWatchingMigrations = options.catalog.onChange(() => {
        if (known !== undefined) options.enqueueRollout(0);
      });
    },
    async stop() {
      stopWatchingMigrations();
      await informer.stop();
    },
    governs: () => known !== undefined,
    synced: () => informer.synced(),
    // Before the first list of tenants the fleet looks empty, which would read as a complete roll-out and let
    // everyone through: the status written by the previous process stands until then.
    reconcile: async () => (options.tenants.synced() ? reconciler.reconcile() : { requeueAfterMs: unsyncedRetryMs }),
  };
}
