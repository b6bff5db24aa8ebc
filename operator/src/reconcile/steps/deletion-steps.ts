// Steps of a deletion: say Deleting, release the storage as deletionPolicy says (always retain it when the
// Tenant CRD itself is going), then remove the finalizer so the API server can let the Tenant go.
import type { Tenant } from '@tenantry/runtime';
import { failpoint } from '../../failpoints.js';
import type { EventRecorder } from '../../kube/event-recorder.js';
import { storageFinalizer, type TenantApi } from '../../kube/tenant-api.js';
import type { ServerStorage } from '../../postgres/server-storage.js';
import type { TenantLayout } from '../../postgres/tenant-storage.js';
import { proceed, type Step } from '../recipe.js';
import type { DeletionPass } from '../tenant-pass.js';
import { deletingStatus } from '../tenant-status.js';

export interface DeletionStepDeps {
  readonly tenants: Pick<TenantApi, 'setFinalizers'>;
  readonly events: EventRecorder;
  /** True when the Tenant CRD itself is being deleted: storage is then always retained. */
  readonly crdTerminating: () => Promise<boolean>;
  readonly writeStatus: (tenant: Tenant, status: NonNullable<Tenant['status']>) => Promise<Tenant>;
  readonly remember: (tenant: Tenant) => void;
  readonly now: () => Date;
}

/** Said before anything is released: storage may take a while to drop, or refuse to. */
export function deletingStatusStep({ writeStatus, now }: DeletionStepDeps): Step<DeletionPass> {
  return {
    name: 'status',
    async run(pass) {
      pass.tenant = await writeStatus(pass.tenant, deletingStatus(pass.tenant, now()));
      return proceed;
    },
  };
}

export function releaseStep({ events, crdTerminating, now }: DeletionStepDeps): Step<DeletionPass> {
  return {
    name: 'release',
    async run(pass) {
      const { storage } = await pass.server();
      const { tenant, placed: { layout } } = pass;
      const stamp = `${now().toISOString()}, uid ${tenant.metadata.uid ?? 'unknown'}`;
      if (await crdTerminating()) {
        // Losing the CRD deletes every Tenant at once; that must never be read as "delete the data".
        await storage.retain(layout, `tenantry: retained when the Tenant CRD was deleted (tenant ${tenant.metadata.name}, ${stamp})`, false);
        events.record(tenant, 'Warning', 'StorageRetained',
          'the Tenant CRD is being deleted: storage and role retained whatever the deletionPolicy; re-apply the Tenant to re-adopt them');
      } else if (tenant.spec.deletionPolicy === 'Delete') {
        await storage.drop(layout);
        events.record(tenant, 'Normal', 'StorageDeleted', `dropped ${storageKind(layout)} ${storageName(layout)} and role ${layout.role}`);
      } else {
        await retain(storage, tenant, layout, stamp);
        events.record(tenant, 'Normal', 'StorageRetained',
          `deletionPolicy Retain: ${storageKind(layout)} and role ${layout.role} kept (login disabled); re-apply the Tenant to re-adopt them`);
      }
      failpoint('after-release');
      return proceed;
    },
  };
}

export function finalizerRemovalStep({ tenants, remember }: DeletionStepDeps): Step<{ tenant: Tenant }> {
  return {
    name: 'finalizer',
    async run(pass) {
      const finalizers = (pass.tenant.metadata.finalizers ?? []).filter((name) => name !== storageFinalizer);
      const updated = await tenants.setFinalizers(pass.tenant, finalizers);
      remember(updated);
      pass.tenant = updated;
      return proceed;
    },
  };
}

const retain = (storage: ServerStorage, tenant: Tenant, layout: TenantLayout, stamp: string) =>
  storage.retain(layout, `tenantry: retained after Tenant ${tenant.metadata.name} was deleted (${stamp})`, true);
const storageKind = (layout: TenantLayout) => (layout.tier === 'silo' ? 'database' : 'schema');
const storageName = (layout: TenantLayout) => (layout.tier === 'silo' ? layout.database : layout.schema);
