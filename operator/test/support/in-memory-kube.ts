// In-memory stand-ins for the Kubernetes side of the reconciler (Tenant writes, credentials Secrets, Events),
// behind the interfaces it takes, for unit tests of the pure core. They count every write, as the API server would.
import type { Tenant, TenantStatus } from '@tenantry/runtime';
import type { Credentials, CredentialsSecrets } from '../../src/kube/credentials-secret.js';
import type { EventRecorder, EventType } from '../../src/kube/event-recorder.js';
import type { TenantApi } from '../../src/kube/tenant-api.js';

const apiError = (code: number, message: string) => Object.assign(new Error(message), { code });

/** One write as the API server's request counter would name it. */
export type Write = 'PATCH tenants' | 'PUT tenants/status' | 'POST secrets' | 'PUT secrets' | 'POST events';

export interface InMemoryTenants extends TenantApi {
  readonly writes: Write[];
  /** Creates a Tenant as `kubectl apply` would, with the CRD's status default. */
  create(name: string, spec: Tenant['spec']): Tenant;
  get(name: string): Tenant;
  list(): Tenant[];
  /** Changes the spec as a user would: the generation moves on. */
  updateSpec(name: string, spec: Partial<Tenant['spec']>): Tenant;
  markDeleted(name: string): Tenant;
  /** Sets an annotation as `kubectl annotate --overwrite` does: the generation stays. */
  annotate(name: string, key: string, value: string): Tenant;
  /** Every version this store held of a Tenant, in order (what a watch would deliver). */
  history(name: string): Tenant[];
}

export function inMemoryTenants(): InMemoryTenants {
  const objects = new Map<string, Tenant>();
  const versions = new Map<string, Tenant[]>();
  const writes: Write[] = [];
  let revision = 1;

  const store = (tenant: Tenant): Tenant => {
    const stored = structuredClone({ ...tenant, metadata: { ...tenant.metadata, resourceVersion: String(++revision) } });
    objects.set(stored.metadata.name, stored);
    versions.set(stored.metadata.name, [...versions.get(stored.metadata.name) ?? [], stored]);
    return structuredClone(stored);
  };
  const current = (tenant: Tenant, guarded: boolean): Tenant => {
    const stored = objects.get(tenant.metadata.name);
    if (!stored) throw apiError(404, `tenants "${tenant.metadata.name}" not found`);
    if (guarded && stored.metadata.resourceVersion !== tenant.metadata.resourceVersion) throw apiError(409, 'the object has been modified');
    return stored;
  };

  return {
    writes,
    create(name, spec) {
      return store({
        apiVersion: 'tenantry.dev/v1alpha1', kind: 'Tenant', spec, status: { observedGeneration: -1 },
        metadata: { name, uid: `uid-${name}`, generation: 1, creationTimestamp: '2026-12-01T00:00:00Z' },
      });
    },
    get: (name) => structuredClone(objects.get(name)!),
    list: () => [...objects.values()],
    updateSpec(name, spec) {
      const stored = objects.get(name)!;
      return store({ ...stored, spec: { ...stored.spec, ...spec }, metadata: { ...stored.metadata, generation: (stored.metadata.generation ?? 1) + 1 } });
    },
    annotate(name, key, value) {
      const stored = objects.get(name)!;
      return store({ ...stored, metadata: { ...stored.metadata, annotations: { ...stored.metadata.annotations, [key]: value } } });
    },
    markDeleted(name) {
      const stored = objects.get(name)!;
      return store({ ...stored, metadata: { ...stored.metadata, deletionTimestamp: new Date(0).toISOString() } });
    },
    history: (name) => structuredClone(versions.get(name) ?? []),
    replaceStatus(tenant, status: TenantStatus) {
      const stored = current(tenant, true);
      writes.push('PUT tenants/status');
      return Promise.resolve(store({ ...stored, status }));
    },
    admit(tenant, finalizer, annotations) {
      const stored = current(tenant, false);
      // The JSON patch's `test` op: the finalizer list must be the one the caller read.
      if (JSON.stringify(stored.metadata.finalizers ?? null) !== JSON.stringify(tenant.metadata.finalizers ?? null)) throw apiError(422, 'test failed');
      const finalizers = [...new Set([...stored.metadata.finalizers ?? [], finalizer])];
      writes.push('PATCH tenants');
      return Promise.resolve(store({ ...stored, metadata: { ...stored.metadata, finalizers, annotations: { ...stored.metadata.annotations, ...annotations } } }));
    },
    setFinalizers(tenant, finalizers) {
      const stored = current(tenant, true);
      writes.push('PATCH tenants');
      if (stored.metadata.deletionTimestamp && finalizers.length === 0) {
        objects.delete(stored.metadata.name);
        return Promise.resolve(structuredClone({ ...stored, metadata: { ...stored.metadata, finalizers: [] } }));
      }
      return Promise.resolve(store({ ...stored, metadata: { ...stored.metadata, finalizers: [...finalizers] } }));
    },
  };
}

export interface InMemorySecrets extends CredentialsSecrets {
  readonly stored: Map<string, Credentials>;
}

/** Credentials Secrets: an existing one keeps its password, its rotated login and its rotation record, as the real Secret does. */
export function inMemorySecrets(writes: Write[]): InMemorySecrets {
  const stored = new Map<string, Credentials>();
  return {
    stored,
    ensure(_tenant, secretName, { logins, ...connection }, proposedPassword) {
      const existing = stored.get(secretName);
      const username = existing !== undefined && logins.includes(existing.username) ? existing.username : connection.username;
      const credentials: Credentials = {
        ...connection, username, password: existing?.password ?? proposedPassword, ...(existing?.rotation ? { rotation: existing.rotation } : {}),
      };
      if (!existing) writes.push('POST secrets');
      else if (JSON.stringify(existing) !== JSON.stringify(credentials)) writes.push('PUT secrets');
      stored.set(secretName, credentials);
      return Promise.resolve(credentials);
    },
    read: (secretName) => Promise.resolve(stored.get(secretName)),
    rotate(_tenant, secretName, credentials) {
      writes.push('PUT secrets');
      stored.set(secretName, credentials);
      return Promise.resolve(credentials);
    },
  };
}

export interface RecordedEvent { readonly type: EventType; readonly reason: string; readonly note: string }

export function inMemoryEvents(writes: Write[]): EventRecorder & { readonly recorded: RecordedEvent[] } {
  const recorded: RecordedEvent[] = [];
  return {
    recorded,
    record(_tenant, type, reason, note) {
      writes.push('POST events');
      recorded.push({ type, reason, note });
    },
  };
}
