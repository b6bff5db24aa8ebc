// Placement: which server a new tenant goes to, how that is recorded on the object, and how it is read back.
import { expect } from 'chai';
import type { Tenant } from '@tenantry/runtime';
import { admissionPatch } from '../src/kube/tenant-api.js';
import { PlacementError, createPlacement, type PlacedTenants } from '../src/reconcile/placement.js';
import { placementAnnotations, placementOn, recordedPlacement } from '../src/reconcile/placement-record.js';
import { databaseServer, inMemoryRegistry } from './support/in-memory-servers.js';

const tenant = (name: string, spec: Partial<Tenant['spec']> = {}, metadata: Partial<Tenant['metadata']> = {}, status?: Tenant['status']): Tenant => ({
  apiVersion: 'tenantry.dev/v1alpha1', kind: 'Tenant', metadata: { name, ...metadata }, spec: { displayName: name, ...spec }, ...(status ? { status } : {}),
});

function placedTenants(placed: Record<string, string>): PlacedTenants {
  return {
    counts: () => Object.values(placed).reduce((counts, server) => counts.set(server, (counts.get(server) ?? 0) + 1), new Map<string, number>()),
    serverOf: (name) => placed[name],
  };
}

describe('placement', () => {
  it('takes the server a tenant names, and refuses one that does not exist', () => {
    const placement = createPlacement(inMemoryRegistry([databaseServer('alpha'), databaseServer('beta')]), placedTenants({}));
    expect(placement.choose(tenant('a', { databaseServer: 'beta' }))).to.equal('beta');
    expect(() => placement.choose(tenant('b', { databaseServer: 'gamma' }))).to.throw(PlacementError, /gamma/);
  });

  it('chooses the reachable server with the most free capacity, counting tenants reserved but not yet seen', () => {
    const servers = inMemoryRegistry([databaseServer('alpha', 3), databaseServer('beta', 3), databaseServer('gamma', 10)]);
    servers.setHealth('gamma', false);
    const placement = createPlacement(servers, placedTenants({ one: 'alpha' }));
    expect(placement.choose(tenant('two'))).to.equal('beta');
    // beta now holds a reservation: 2 free on each, the name breaks the tie
    expect(placement.choose(tenant('three'))).to.equal('alpha');
    placement.settle('two');
    expect(placement.choose(tenant('four'))).to.equal('beta');
  });

  it('says what to do when no server can take a tenant', () => {
    expect(() => createPlacement(inMemoryRegistry([]), placedTenants({})).choose(tenant('a'))).to.throw(PlacementError, /no DatabaseServer exists/);
    const full = createPlacement(inMemoryRegistry([databaseServer('alpha', 1)]), placedTenants({ x: 'alpha' }));
    expect(() => full.choose(tenant('a'))).to.throw(PlacementError, /raise a capacity or add a DatabaseServer/);
  });

  it('derives every storage name from the tenant name, a pool tenant living in the server\'s pool database', () => {
    const pool = placementOn(tenant('big-co'), 'alpha', { ...databaseServer('alpha'), spec: { ...databaseServer('alpha').spec, poolDatabase: 'shared' } });
    expect(pool.layout).to.deep.equal({ tier: 'pool', database: 'shared', schema: 'tenant_big_co', role: 'tenant_big_co' });
    expect(pool.secretName).to.equal('tenant-big-co-db');
    expect(placementOn(tenant('solo', { tier: 'silo' }), 'alpha', databaseServer('alpha')).layout.database).to.equal('tenant_solo');
  });

  it('reads the placement back from the annotations before a status exists, and from the status after', () => {
    const resource = (name: string) => databaseServer(name);
    const annotated = tenant('a', {}, { annotations: placementAnnotations(placementOn(tenant('a'), 'beta', databaseServer('beta'))) });
    expect(recordedPlacement(annotated, resource)).to.deep.include({ server: 'beta', secretName: 'tenant-a-db' });
    const withStatus = tenant('b', {}, {}, { database: { server: 'alpha', name: 'legacy_db', schema: 'legacy', role: 'legacy', secretName: 'legacy-db' } });
    expect(recordedPlacement(withStatus, resource)?.layout).to.deep.equal({ tier: 'pool', database: 'legacy_db', schema: 'legacy', role: 'legacy' });
    expect(recordedPlacement(tenant('c'), resource)).to.equal(undefined);
  });

  it('adds the finalizer and the annotations in one JSON patch that refuses a finalizer list changed meanwhile', () => {
    const notes = { 'tenantry.dev/database-server': 'alpha' };
    expect(admissionPatch(tenant('a'), 'tenantry.dev/storage', notes)).to.deep.equal([
      { op: 'add', path: '/metadata/finalizers', value: ['tenantry.dev/storage'] },
      { op: 'add', path: '/metadata/annotations', value: notes },
    ]);
    expect(admissionPatch(tenant('a', {}, { finalizers: ['other'], annotations: { x: 'y' } }), 'tenantry.dev/storage', notes)).to.deep.equal([
      { op: 'test', path: '/metadata/finalizers', value: ['other'] },
      { op: 'add', path: '/metadata/finalizers/-', value: 'tenantry.dev/storage' },
      { op: 'add', path: '/metadata/annotations/tenantry.dev~1database-server', value: 'alpha' },
    ]);
  });
});
