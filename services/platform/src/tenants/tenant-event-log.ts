// The Tenant watch as a numbered log of changes, kept for a while, so a client of the live stream that lost its
// connection can be sent what it missed (Last-Event-ID) instead of everything again.
import { randomBytes } from 'node:crypto';
import { tenantEventDataSchema, type TenantEventData } from './tenant-schemas.js';
import { toTenantDetail } from './tenant-view.js';
import type { TenantWatch } from './tenant-watch.js';

/** One change: a tenant as it is now (`upsert`), or the name of a tenant that is gone (`delete`). */
export interface TenantChange {
  readonly id: string;
  readonly data: TenantEventData;
  /** `data` as JSON, shaped by its schema once for every client. */
  readonly json: string;
}

/** The data of an event as its documented schema shapes it (internal fields of the resource never leave). */
export function eventJson(data: TenantEventData): string {
  return JSON.stringify(tenantEventDataSchema.parse(data));
}

export interface TenantEventLog {
  /** The id of the latest change (the position a snapshot taken now stands at). */
  position(): string;
  /**
   * The changes after `lastEventId`, oldest first; undefined when they cannot all be given: an id of another
   * process (another replica, a restart), or older than what is kept. The caller then sends a fresh snapshot.
   */
  since(lastEventId: string): TenantChange[] | undefined;
  subscribe(listener: (change: TenantChange) => void): () => void;
  stop(): void;
}

export interface TenantEventLogOptions {
  readonly watch: Pick<TenantWatch, 'subscribe'>;
  /** Changes kept for replay. */
  readonly capacity?: number;
}

export function createTenantEventLog({ watch, capacity = 1_000 }: TenantEventLogOptions): TenantEventLog {
  // Ids are "<epoch>-<sequence>": the epoch tells this process's ids from any other's.
  const epoch = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const kept: TenantChange[] = [];
  const listeners = new Set<(change: TenantChange) => void>();
  let sequence = 0;

  const unsubscribe = watch.subscribe((tenant, event) => {
    sequence += 1;
    const id = `${epoch}-${sequence}`;
    const data: TenantEventData = event === 'delete'
      ? { type: 'delete', name: tenant.metadata.name }
      : { type: 'upsert', tenant: toTenantDetail(tenant) };
    const change = { id, data, json: eventJson(data) };
    kept.push(change);
    if (kept.length > capacity) kept.shift();
    for (const listener of listeners) listener(change);
  });

  return {
    position: () => `${epoch}-${sequence}`,
    since(lastEventId) {
      const match = /^([a-z0-9]+)-(\d{1,15})$/.exec(lastEventId);
      if (match === null || match[1] !== epoch) return undefined;
      const last = Number(match[2]);
      if (last > sequence) return undefined;
      const oldestKept = sequence - kept.length;
      if (last < oldestKept) return undefined;
      return kept.slice(kept.length - (sequence - last));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      unsubscribe();
      listeners.clear();
    },
  };
}
