// The numbered log behind the live tenant stream: what a reconnecting client is replayed, and when it gets a snapshot.
import { expect } from 'chai';
import type { ResourceEvent, Tenant } from '@tenantry/runtime';
import { createTenantEventLog, type TenantChange } from '../../src/tenants/tenant-event-log.js';

/** The part of the Tenant watch the log uses: subscribers told of each change, as the informer tells them. */
function watchOf() {
  const listeners = new Set<(tenant: Tenant, event: ResourceEvent) => void>();
  return {
    subscribe(listener: (tenant: Tenant, event: ResourceEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(name: string, event: ResourceEvent, phase = 'Pending') {
      const tenant = { apiVersion: 'tenantry.dev/v1alpha1', kind: 'Tenant', metadata: { name }, spec: { displayName: name.toUpperCase() }, status: { phase } } as Tenant;
      for (const listener of listeners) listener(tenant, event);
    },
    listeners,
  };
}

describe('tenant event log', () => {
  it('numbers each change and tells subscribers, as the tenant is now or by name when it is gone', () => {
    const watch = watchOf();
    const log = createTenantEventLog({ watch });
    const seen: TenantChange[] = [];
    log.subscribe((change) => seen.push(change));

    watch.emit('acme', 'add');
    watch.emit('acme', 'update', 'Ready');
    watch.emit('acme', 'delete');

    expect(seen.map((change) => change.data.type)).to.deep.equal(['upsert', 'upsert', 'delete']);
    expect((JSON.parse(seen[1]!.json) as { tenant: object }).tenant).to.include({ name: 'acme', displayName: 'ACME', phase: 'Ready' });
    expect(JSON.parse(seen[2]!.json)).to.deep.equal({ type: 'delete', name: 'acme' });
    expect(new Set(seen.map((change) => change.id)).size).to.equal(3);
    expect(log.position()).to.equal(seen[2]!.id);
  });

  it('replays the changes after a known id, and nothing after the latest', () => {
    const watch = watchOf();
    const log = createTenantEventLog({ watch });
    watch.emit('a', 'add');
    const first = log.position();
    watch.emit('b', 'add');
    watch.emit('a', 'update', 'Ready');

    expect(log.since(first)!.map((change) => change.data.type === 'upsert' && change.data.tenant.name)).to.deep.equal(['b', 'a']);
    expect(log.since(log.position())).to.deep.equal([]);
  });

  it('cannot replay for an id of another process, one it never gave, or one older than it keeps', () => {
    const watch = watchOf();
    const log = createTenantEventLog({ watch, capacity: 2 });
    const other = createTenantEventLog({ watch: watchOf() });
    const start = log.position();
    for (const name of ['a', 'b', 'c']) watch.emit(name, 'add');
    const [epoch, sequence] = log.position().split('-') as [string, string];

    expect(log.since(start), 'older than kept').to.equal(undefined);
    expect(log.since(`${epoch}-${Number(sequence) - 2}`)!.length, 'the oldest kept').to.equal(2);
    expect(log.since(`${epoch}-${Number(sequence) + 1}`), 'from the future').to.equal(undefined);
    expect(log.since(other.position()), 'another process').to.equal(undefined);
    expect(log.since('garbage'), 'not an id').to.equal(undefined);
  });

  it('stops listening to the watch when stopped', () => {
    const watch = watchOf();
    const log = createTenantEventLog({ watch });
    expect(watch.listeners.size).to.equal(1);

    log.stop();

    expect(watch.listeners.size).to.equal(0);
  });
});
