// The physical floor: the floor's SQL plus the least API traffic a correct operator cannot avoid (create the
// object, add a finalizer, write a status, see it on a watch), on a CRD of the Tenant's own schema that no
// controller watches, at the same concurrency as the operator. What no operator on this machine can beat.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { crdDirectory, installCrds, type Environment } from '@tenantry/harness';
import { KeepAliveKubeConfig, type Tenant, type TenantStatus } from '@tenantry/runtime';
import type { Floor, FloorTenant } from './floor-sessions.js';
import type { Tier } from './operator-fleet.js';
import { watchReady, type ReadyWatch, type WatchedResource } from './tenant-watch.js';

export interface PhysicalFloor {
  /** Milliseconds from the create to a watch delivering the object Ready. */
  provision(tier: Tier): Promise<number>;
  /** `count` at once over `sessions` workers; milliseconds until the watch saw the last one Ready. */
  provisionMany(tier: Tier, count: number, sessions: number): Promise<{ elapsedMs: number; tenants: FloorTenant[] }>;
  stop(): void;
}

const floorResource: WatchedResource = { group: 'bench.tenantry.dev', plural: 'floortenants' };
const finalizer = 'bench.tenantry.dev/storage';

export async function createPhysicalFloor(env: Environment, floor: Floor): Promise<PhysicalFloor> {
  await installCrds(env, [await writeFloorCrd(env.dir)]);
  // Keep-alive like the operator's client, so neither side pays a TLS handshake per call.
  const client = new KeepAliveKubeConfig();
  client.loadFromFile(env.kubeconfigFile);
  const objects = client.makeApiClient(CustomObjectsApi);
  const watch: ReadyWatch = await watchReady(env.kubeConfig(), floorResource);
  const coordinates = { ...floorResource, version: 'v1alpha1' };
  const objectName = (tenant: FloorTenant) => tenant.role.replaceAll('_', '-');

  /** What an operator must do around the SQL: the create is the user's, the rest the operator's. */
  const around = async (tenant: FloorTenant, sql: () => Promise<void>) => {
    const name = objectName(tenant);
    await objects.createClusterCustomObject({
      ...coordinates,
      body: { apiVersion: 'bench.tenantry.dev/v1alpha1', kind: 'FloorTenant', metadata: { name }, spec: { displayName: name, tier: tenant.tier } },
    });
    const withFinalizer = await objects.patchClusterCustomObject(
      { ...coordinates, name, body: [{ op: 'add', path: '/metadata/finalizers', value: [finalizer] }] },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    ) as Tenant;
    await sql();
    await objects.replaceClusterCustomObjectStatus({ ...coordinates, name, body: { ...withFinalizer, status: readyStatus(tenant) } });
  };

  return {
    async provision(tier) {
      const started = performance.now();
      let name = '';
      await floor.provision(tier, (tenant, sql) => {
        name = objectName(tenant);
        return around(tenant, sql);
      });
      return (await watch.whenReady(name)) - started;
    },
    async provisionMany(tier, count, sessions) {
      const started = performance.now();
      const seen: Array<Promise<number>> = [];
      const run = await floor.provisionMany(tier, count, sessions, (tenant, sql) => {
        seen.push(watch.whenReady(objectName(tenant)));
        return around(tenant, sql);
      });
      const last = Math.max(...await Promise.all(seen));
      return { elapsedMs: last - started, tenants: run.tenants };
    },
    stop: () => watch.stop(),
  };
}

/** The Tenant CRD under another group and kind: the same schema, validation and status subresource. */
async function writeFloorCrd(dir: string): Promise<string> {
  const source = await readFile(join(crdDirectory, 'tenantry.dev_tenants.yaml'), 'utf8');
  const replacements: ReadonlyArray<[RegExp, string]> = [
    [/^(\s+name:) tenants\.tenantry\.dev$/m, '$1 floortenants.bench.tenantry.dev'],
    [/^(\s+group:) tenantry\.dev$/m, '$1 bench.tenantry.dev'],
    [/^(\s+kind:) Tenant$/m, '$1 FloorTenant'],
    [/^(\s+listKind:) TenantList$/m, '$1 FloorTenantList'],
    [/^(\s+plural:) tenants$/m, '$1 floortenants'],
    [/^(\s+singular:) tenant$/m, '$1 floortenant'],
    [/^(\s+shortNames:) \[tn\]$/m, '$1 [ftn]'],
    [/^(\s+categories:) \[tenantry\]$/m, '$1 [tenantry-bench]'],
  ];
  const crd = replacements.reduce((text, [pattern, replacement]) => {
    if (!pattern.test(text)) throw new Error(`the Tenant CRD has no line matching ${String(pattern)}: update the physical floor`);
    return text.replace(pattern, replacement);
  }, source);
  const file = join(dir, 'floortenants.bench.tenantry.dev.yaml');
  await writeFile(file, crd);
  return file;
}

/** A status the size and shape of the operator's Ready one. */
function readyStatus(tenant: FloorTenant): TenantStatus {
  const at = new Date().toISOString();
  const condition = (type: 'Ready' | 'DatabaseReady' | 'MigrationsApplied', reason: string) =>
    ({ type, status: 'True' as const, reason, message: `${tenant.role} ${reason}`, observedGeneration: 1, lastTransitionTime: at });
  return {
    phase: 'Ready', observedGeneration: 1, provisionedAt: at, message: `storage ready for ${tenant.role}`,
    conditions: [condition('Ready', 'Provisioned'), condition('DatabaseReady', 'StorageReady'), condition('MigrationsApplied', 'UpToDate')],
    database: { server: 'floor', host: '127.0.0.1', port: 5432, name: tenant.role, schema: tenant.role, role: tenant.role, secretName: `${tenant.role}-db` },
    migrations: { applied: 1, latest: 'floor' },
  };
}
