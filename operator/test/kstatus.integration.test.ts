// What third-party status readers make of the operator's writes: sigs.k8s.io/cli-utils' kstatus (Flux health
// checks, Helm's --wait) over every version a watch delivers through a whole Tenant lifecycle and for
// DatabaseServers, and `kubectl wait --for=condition=Ready`.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import pg from 'pg';
import {
  condition, createTenant, customObjects, defaultMigrationsDir, deleteTenant, ensureDatabaseServer, eventually, freePort, operatorNamespace,
  patchTenantSpec, readCredentials, registerDatabaseServer, sharedEnvironment, startKstatusReader, startOperator, uniqueTenantName,
  watchHistory, type Environment, type KstatusReader, type KstatusStatus, type OperatorProcess, type WatchHistory, type WatchedVersion,
} from '@tenantry/harness';
import type { DatabaseServer, Tenant } from '@tenantry/runtime';

const tenantsPath = '/apis/tenantry.dev/v1alpha1/tenants';
const serversPath = '/apis/tenantry.dev/v1alpha1/databaseservers';

type Judged = { readonly version: WatchedVersion<Tenant>; readonly status: KstatusStatus };

const generation = (tenant: Tenant) => tenant.metadata.generation ?? 0;
const readyFor = (tenant: Tenant, phase: 'Ready' | 'Suspended') =>
  tenant.status?.phase === phase && tenant.status.observedGeneration === generation(tenant) && condition(tenant, 'Ready')?.status === 'True';
const describeVersion = ({ version, status }: Judged) =>
  `${version.type} gen ${generation(version.object)}/${version.object.status?.observedGeneration ?? '-'} phase ${version.object.status?.phase ?? '-'}`
  + ` [${(version.object.status?.conditions ?? []).map((c) => `${c.type}=${c.status}`).join(' ')}] → ${status}`;

describe('Tenant and DatabaseServer status read by kstatus and kubectl wait', function () {
  this.timeout(180_000);
  let env: Environment;
  let operator: OperatorProcess;
  let kstatus: KstatusReader;
  let migrationsDir: string;

  const judge = async (versions: readonly WatchedVersion<Tenant>[]): Promise<Judged[]> =>
    Promise.all(versions.map(async (version) => ({ version, status: (await kstatus.compute(version.object)).status })));

  before(async () => {
    env = await sharedEnvironment();
    await ensureDatabaseServer(env);
    migrationsDir = await mkdtemp(join(tmpdir(), 'kstatus-migrations-'));
    await cp(defaultMigrationsDir, migrationsDir, { recursive: true });
    operator = await startOperator(env, { migrationsDir });
    kstatus = startKstatusReader();
  });

  after(async () => {
    await kstatus?.close();
    await operator?.stop();
    await rm(migrationsDir, { recursive: true, force: true });
  });

  it('reads a Tenant as in progress until Ready, Failed when Stalled, Current when Ready or suspended, Terminating when deleted', async () => {
    const name = uniqueTenantName('kstatus');
    const history: WatchHistory<Tenant> = await watchHistory(env, { path: tenantsPath, name });
    const bad = join(migrationsDir, '9999999999998_kstatus-broken.sql');
    try {
      // Created, provisioned: nothing reads as done before the storage is Ready
      await createTenant(env, name, { tier: 'pool' });
      await history.until('it is Ready', ({ object }) => readyFor(object, 'Ready'));
      // Spec changed: in progress again until the operator observes the new generation
      await patchTenantSpec(env, name, { displayName: 'Renamed for kstatus' });
      await history.until('generation 2 is Ready', ({ object }) => generation(object) === 2 && readyFor(object, 'Ready'));
      // Stalled by a failing migration, then fixed
      await writeFile(bad, '-- Up Migration\nSELECT no_such_function_kstatus();\n-- Down Migration\n');
      const stalled = await history.until('it is Stalled', ({ object }) => condition(object, 'Stalled')?.status === 'True');
      await rm(bad);
      await history.until('it is Ready again after the fix', (version) =>
        readyFor(version.object, 'Ready') && history.versions().indexOf(version) > history.versions().indexOf(stalled));
      // Suspended, then resumed
      await patchTenantSpec(env, name, { suspended: true });
      await history.until('the suspension is carried out', ({ object }) => readyFor(object, 'Suspended'));
      await patchTenantSpec(env, name, { suspended: false });
      await history.until('it is Ready after resuming', ({ object }) => generation(object) === 4 && readyFor(object, 'Ready'));
      // Deleted
      await deleteTenant(env, name);
      await history.until('it is gone', ({ type }) => type === 'DELETED');

      const judged = await judge(history.versions());
      const story = judged.map(describeVersion).join('\n        ');
      expect(judged[0]?.version.type, story).to.equal('ADDED');
      expect(judged[0]?.status, `a new Tenant, before the operator wrote anything:\n        ${story}`).to.equal('InProgress');
      for (const entry of judged) {
        const { object } = entry.version;
        const serving = readyFor(object, 'Ready') || readyFor(object, 'Suspended');
        if (object.metadata.deletionTimestamp !== undefined) {
          expect(entry.status, `deleted: ${describeVersion(entry)}\n        ${story}`).to.equal('Terminating');
        } else if (condition(object, 'Stalled')?.status === 'True') {
          expect(entry.status, `stalled: ${describeVersion(entry)}\n        ${story}`).to.equal('Failed');
        } else {
          expect(entry.status, `${describeVersion(entry)}\n        ${story}`).to.equal(serving ? 'Current' : 'InProgress');
        }
      }
      const seen = new Set(judged.map(({ status }) => status));
      expect([...seen].sort(), story).to.deep.equal(['Current', 'Failed', 'InProgress', 'Terminating']);
      const deleting = judged.find(({ version }) => version.object.status?.phase === 'Deleting');
      expect(deleting, `the operator says Deleting while it releases storage:\n        ${story}`).to.not.equal(undefined);
      expect(condition(deleting!.version.object, 'Ready')?.status).to.equal('False');
    } finally {
      history.stop();
      await rm(bad, { force: true });
      await deleteTenant(env, name).catch(() => undefined);
    }
  });

  it('reads a DatabaseServer as Current once reachable and in progress while unreachable, and counts its tenants', async () => {
    const unreachable = uniqueTenantName('dbs-down');
    const counted = uniqueTenantName('dbs-count');
    const history = await watchHistory<DatabaseServer>(env, { path: serversPath, name: unreachable });
    const tenant = uniqueTenantName('counted');
    const objects = customObjects(env.kubeConfig());
    const read = (name: string) => objects.getClusterCustomObject({ group: 'tenantry.dev', version: 'v1alpha1', plural: 'databaseservers', name }) as Promise<DatabaseServer>;
    try {
      await registerDatabaseServer(env, { name: unreachable, namespace: operatorNamespace, port: await freePort() });
      await registerDatabaseServer(env, { name: counted, namespace: operatorNamespace });
      await history.until('it is reported unreachable', ({ object }) =>
        condition(object, 'Reachable')?.status === 'False');
      for (const { object } of history.versions()) {
        expect((await kstatus.compute(object)).status, JSON.stringify(object.status)).to.equal('InProgress');
      }
      const reachable = await eventually('the second server is Ready', async () => {
        const server = await read(counted);
        return condition(server, 'Ready')?.status === 'True' ? server : undefined;
      });
      expect((await kstatus.compute(reachable)).status).to.equal('Current');

      // The Tenants column follows placement and deletion, not only the server's own events
      await createTenant(env, tenant, { databaseServer: counted });
      await eventually('the server counts its tenant', async () => (await read(counted)).status?.tenantCount === 1);
      await deleteTenant(env, tenant);
      await eventually('the server counts no tenant once it is deleted', async () => (await read(counted)).status?.tenantCount === 0);
    } finally {
      history.stop();
      await deleteTenant(env, tenant).catch(() => undefined);
      for (const name of [unreachable, counted]) {
        await objects.deleteClusterCustomObject({ group: 'tenantry.dev', version: 'v1alpha1', plural: 'databaseservers', name }).catch(() => undefined);
      }
    }
  });

  it('lets kubectl wait --for=condition=Ready return only once the storage accepts the Secret\'s credentials', async () => {
    for (const tier of ['pool', 'silo'] as const) {
      const name = uniqueTenantName(`wait-${tier}`);
      await createTenant(env, name, { tier });
      try {
        const waited = await env.kubectl(['wait', `tenant/${name}`, '--for=condition=Ready', '--timeout=90s']);
        expect(waited.code, waited.stderr).to.equal(0);

        // At once, with nothing awaited in between: the credentials work and the migrations are there
        const credentials = await readCredentials(env, name);
        const client = new pg.Client({ connectionString: credentials.uri });
        await client.connect();
        try {
          const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM entries');
          expect(rows).to.deep.equal([{ n: 0 }]);
        } finally {
          await client.end();
        }
      } finally {
        await deleteTenant(env, name).catch(() => undefined);
      }
    }
  });
});
