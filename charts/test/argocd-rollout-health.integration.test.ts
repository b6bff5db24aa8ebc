// The chart's Argo CD health check of the MigrationRollout (files/argocd/tenantry.dev/MigrationRollout/health.lua)
// run by Lua 5.4 on every version the real operator wrote through a paused, halted, resumed and completed
// roll-out, each verdict checked to agree with what kstatus (Flux, Helm's wait) reads from the same object.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import {
  customObjects, defaultMigrationsDir, ensureDatabaseServer, harnessServer, startEnvironment, startKstatusReader, startOperator, waitForReady,
  watchHistory, type Environment, type KstatusReader, type KstatusStatus, type OperatorProcess, type WatchHistory,
} from '@tenantry/harness';
import type { MigrationRollout } from '@tenantry/runtime';
import { healthScriptOf } from '../../tools/argocd-health-config.js';
import { runHealthScript, type HealthStatus } from './support/lua-health.js';

const coordinates = { group: 'tenantry.dev', version: 'v1alpha1', plural: 'migrationrollouts' };
const migration = '9999999999990_argo-probe';
const kstatusFor: Record<HealthStatus, KstatusStatus[]> = {
  Healthy: ['Current'], Suspended: ['Current'], Progressing: ['InProgress'], Degraded: ['Failed'], Missing: [], Unknown: [],
};

describe('Argo CD health check of the MigrationRollout on objects captured from the real operator (Lua 5.4)', function () {
  this.timeout(180_000);
  let env: Environment;
  let operator: OperatorProcess;
  let kstatus: KstatusReader;
  let history: WatchHistory<MigrationRollout>;
  let dir: string;

  before(async () => {
    // An environment of its own: a roll-out policy holds every tenant in the cluster.
    env = await startEnvironment();
    await ensureDatabaseServer(env);
    dir = await mkdtemp(join(tmpdir(), 'argo-rollout-migrations-'));
    await cp(defaultMigrationsDir, dir, { recursive: true });
    operator = await startOperator(env, { migrationsDir: dir });
    kstatus = startKstatusReader();
    history = await watchHistory<MigrationRollout>(env, { path: '/apis/tenantry.dev/v1alpha1/migrationrollouts', name: 'default' });
    const objects = customObjects(env.kubeConfig());
    for (const [name, labels] of [['argo-canary', { ring: 'canary' }], ['argo-a', {}], ['argo-b', {}]] as const) {
      await objects.createClusterCustomObject({
        group: 'tenantry.dev', version: 'v1alpha1', plural: 'tenants',
        body: { apiVersion: 'tenantry.dev/v1alpha1', kind: 'Tenant', metadata: { name, labels }, spec: { displayName: name, databaseServer: harnessServer } },
      });
    }
    await Promise.all(['argo-canary', 'argo-a', 'argo-b'].map((name) => waitForReady(env, name)));
  });

  after(async () => {
    history?.stop();
    await kstatus?.close();
    await operator?.stop();
    await env?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads paused as Suspended, rolling out as Progressing, halted as Degraded and complete as Healthy, as kstatus does', async () => {
    const objects = customObjects(env.kubeConfig());
    const settled = (phase: string) => history.until(`the roll-out is ${phase}`, ({ object }) =>
      object.status?.phase === phase && object.status.observedGeneration === object.metadata.generation);
    await objects.createClusterCustomObject({
      ...coordinates,
      body: { apiVersion: 'tenantry.dev/v1alpha1', kind: 'MigrationRollout', metadata: { name: 'default' }, spec: { canary: { selector: { matchLabels: { ring: 'canary' } } }, waveSize: 1, paused: true } },
    });
    await writeFile(join(dir, `${migration}.sql`), '-- Up Migration\nSELECT no_such_function_argo();\n-- Down Migration\n');
    await history.until('the paused roll-out plans the new migration', ({ object }) => object.status?.phase === 'Paused' && object.status.target?.latest === migration);
    await objects.patchClusterCustomObject({ ...coordinates, name: 'default', body: { spec: { paused: false } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    await settled('Halted');
    await writeFile(join(dir, `${migration}.sql`), '-- Up Migration\nCREATE TABLE argo_probe (id int);\n-- Down Migration\nDROP TABLE argo_probe;\n');
    await history.until('the roll-out completes the migration', ({ object }) => object.status?.phase === 'Complete' && object.status.target?.latest === migration);

    const seen = new Set<HealthStatus>();
    for (const { object } of history.versions()) {
      const health = await runHealthScript(healthScriptOf('MigrationRollout'), object);
      const verdict = (await kstatus.compute(object)).status;
      const state = `${object.status?.phase ?? 'unobserved'} (generation ${object.metadata.generation}, observed ${object.status?.observedGeneration})`;
      expect(health.message, state).to.not.equal('');
      expect(kstatusFor[health.status], `${state}: Argo CD ${health.status} (${health.message}), kstatus ${verdict}`).to.include(verdict);
      const expected: HealthStatus = object.status?.observedGeneration !== object.metadata.generation ? 'Progressing'
        : ({ Paused: 'Suspended', Halted: 'Degraded', Complete: 'Healthy' } as Record<string, HealthStatus>)[object.status?.phase ?? ''] ?? 'Progressing';
      expect(health.status, state).to.equal(expected);
      seen.add(health.status);
    }
    expect([...seen].sort()).to.deep.equal(['Degraded', 'Healthy', 'Progressing', 'Suspended']);
  });
});
