// A migration rolled out under a MigrationRollout policy, against the real API server and PostgreSQL: the dry
// run, a canary whose migration fails halting everyone else (across an operator restart), the fix resuming it
// wave by wave, the concurrency bound measured by PostgreSQL's own clocks, and kstatus and kubectl as judges.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { EventsV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import pg from 'pg';
import {
  condition, customObjects, defaultMigrationsDir, ensureDatabaseServer, eventually, harnessServer, readTenant, startEnvironment,
  startKstatusReader, startOperator, waitForReady, watchHistory, type Environment, type KstatusReader, type OperatorProcess,
  type WatchHistory,
} from '@tenantry/harness';
import type { MigrationRollout, MigrationRolloutSpec, Tenant } from '@tenantry/runtime';

const coordinates = { group: 'tenantry.dev', version: 'v1alpha1', plural: 'migrationrollouts' };
const probe = '9999999999990_rollout-probe';
const broken = '-- Up Migration\nALTER TABLE entries ADD COLUMN probe integer NOT NULL DEFAULT no_such_function_rollout();\n-- Down Migration\n';
// Each tenant's migration transaction records when it began (now()) and when its work ended (clock_timestamp()).
const fixed = '-- Up Migration\nCREATE TABLE rollout_probe (started timestamptz NOT NULL, finished timestamptz NOT NULL);\n'
  + 'SELECT pg_sleep(0.2);\nINSERT INTO rollout_probe VALUES (now(), clock_timestamp());\n-- Down Migration\nDROP TABLE rollout_probe;\n';
const canaries = ['canary-a', 'canary-b'];
const others = Array.from({ length: 8 }, (_, i) => `fleet-${i}`);
const maxConcurrent = 2;
const policy: MigrationRolloutSpec = {
  canary: { selector: { matchLabels: { 'tenantry.dev/ring': 'canary' } } }, waveSize: '25%', maxConcurrent, maxFailures: 0, paused: true,
};
const schemaOf = (name: string) => `tenant_${name.replaceAll('-', '_')}`;

describe('migration roll-out under a MigrationRollout policy (integration)', function () {
  this.timeout(240_000);
  let env: Environment;
  let operator: OperatorProcess;
  let dir: string;
  let kstatus: KstatusReader;
  let history: WatchHistory<MigrationRollout>;
  let baseline: string | undefined;
  let pool: pg.Pool;

  const objects = () => customObjects(env.kubeConfig());
  const readRollout = async () => await objects().getClusterCustomObject({ ...coordinates, name: 'default' }) as MigrationRollout;
  const patchRollout = (spec: Partial<MigrationRolloutSpec>) => objects().patchClusterCustomObject(
    { ...coordinates, name: 'default', body: { spec } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
  const rolloutWhere = (description: string, check: (rollout: MigrationRollout) => boolean, timeoutMs = 60_000) =>
    history.until(description, ({ object }) => object.status?.observedGeneration === object.metadata.generation && check(object), timeoutMs)
      .then(({ object }) => object);
  const startTheOperator = () => startOperator(env, { migrationsDir: dir, env: { OPERATOR_CONCURRENCY: '4' } });
  /** What PostgreSQL holds of the probe migration in a tenant's schema: its bookkeeping row and its table. */
  const probeIn = async (name: string) => {
    const schema = pg.escapeIdentifier(schemaOf(name));
    const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.pgmigrations WHERE name = $1`, [probe]);
    const table = await pool.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [`${schemaOf(name)}.rollout_probe`]);
    return { recorded: rows[0]?.n ?? 0, table: table.rows[0]?.t ?? null };
  };
  const events = async (reason: string) => (await env.kubeConfig().makeApiClient(EventsV1Api).listNamespacedEvent({ namespace: 'default' }))
    .items.filter((event) => event.regarding?.kind === 'MigrationRollout' && event.reason === reason);

  before(async () => {
    // An environment of its own: the roll-out covers every tenant the operator sees, and there is one policy per cluster.
    env = await startEnvironment();
    await ensureDatabaseServer(env);
    dir = await mkdtemp(join(tmpdir(), 'rollout-migrations-'));
    await cp(defaultMigrationsDir, dir, { recursive: true });
    operator = await startTheOperator();
    kstatus = startKstatusReader();
    history = await watchHistory<MigrationRollout>(env, { path: '/apis/tenantry.dev/v1alpha1/migrationrollouts', name: 'default' });
    for (const name of [...canaries, ...others]) {
      const labels = canaries.includes(name) ? { 'tenantry.dev/ring': 'canary' } : {};
      await objects().createClusterCustomObject({
        group: 'tenantry.dev', version: 'v1alpha1', plural: 'tenants',
        body: { apiVersion: 'tenantry.dev/v1alpha1', kind: 'Tenant', metadata: { name, labels }, spec: { displayName: name, tier: 'pool', databaseServer: harnessServer } },
      });
    }
    const ready = await Promise.all([...canaries, ...others].map((name) => waitForReady(env, name)));
    baseline = ready[0]!.status?.migrations?.latest;
    const url = new URL(env.postgres.url);
    url.pathname = '/tenantry_pool';
    pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  });

  after(async () => {
    history?.stop();
    await pool?.end();
    await kstatus?.close();
    await operator?.stop();
    await env?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a second policy: the operator reads the one named default', async () => {
    const created = objects().createClusterCustomObject({ ...coordinates, body: { apiVersion: 'tenantry.dev/v1alpha1', kind: 'MigrationRollout', metadata: { name: 'other' }, spec: {} } });
    const error = await created.then(() => undefined, (failure: unknown) => failure as { code?: number; body?: string });
    expect(error?.code).to.equal(422);
    expect(String(error?.body)).to.match(/metadata.name must be default/);
  });

  it('plans a paused roll-out — tenants behind, the migrations each would get, their waves — and runs nothing', async () => {
    await objects().createClusterCustomObject({ ...coordinates, body: { apiVersion: 'tenantry.dev/v1alpha1', kind: 'MigrationRollout', metadata: { name: 'default' }, spec: policy } });
    await writeFile(join(dir, `${probe}.sql`), broken);
    const planned = await rolloutWhere('the plan covers the new migration', (r) => r.status?.target?.latest === probe && r.status.plan?.behind === 10);

    expect(planned.status?.phase).to.equal('Paused');
    expect(planned.status?.plan?.migrations).to.deep.equal([{ from: baseline, apply: [probe], tenants: 10, examples: [...canaries, ...others] }]);
    // 8 non-canaries in waves of 25 %: four waves of two, in name order, after the canaries' wave 0
    expect(planned.status?.plan?.waves).to.deep.equal([
      { wave: 0, tenants: 2, names: canaries },
      ...[0, 1, 2, 3].map((i) => ({ wave: i + 1, tenants: 2, names: others.slice(2 * i, 2 * i + 2) })),
    ]);
    expect(planned.status?.tenants).to.include({ total: 10, done: 0, failed: 0, pending: 10 });
    expect((await kstatus.compute(planned)).status, 'a paused roll-out is a reconciled state').to.equal('Current');
    const waited = await env.kubectl(['wait', 'migrationrollout/default', '--for=condition=Ready', '--timeout=30s']);
    expect(waited.code, waited.stderr).to.equal(0);
    const table = await env.kubectl(['get', 'migrationrollout', 'default']);
    expect(table.stdout).to.match(/PHASE\s+TARGET\s+WAVE\s+DONE\s+FAILED\s+PENDING\s+MIGRATING\s+READY\s+AGE/);
    expect(table.stdout).to.match(new RegExp(`default\\s+Paused\\s+${probe}\\s+0\\s+0\\s+0\\s+10\\s+0\\s+True`));

    // Every tenant says it is held back, serving on what it has: Ready, MigrationsApplied=False RolloutPending
    for (const name of [...canaries, ...others]) {
      const tenant = await eventually(`${name} reports the roll-out holds it`, async () => {
        const t = await readTenant(env, name);
        return condition(t, 'MigrationsApplied')?.reason === 'RolloutPending' ? t : undefined;
      });
      expect(tenant.status?.phase).to.equal('Ready');
      expect(condition(tenant, 'Ready')?.status).to.equal('True');
      expect(condition(tenant, 'MigrationsApplied')?.status).to.equal('False');
      expect((await kstatus.compute(tenant)).status, `${name} held back is not in progress for Flux`).to.equal('Current');
      expect(await probeIn(name)).to.deep.equal({ recorded: 0, table: null });
    }
  });

  it('halts when a canary\'s migration fails, with every other tenant untouched, also across an operator restart', async () => {
    await patchRollout({ paused: false });
    const halted = await rolloutWhere('the roll-out halts', (r) => r.status?.phase === 'Halted');
    expect(condition(halted, 'Stalled')).to.include({ status: 'True', reason: 'FailureThresholdExceeded' });
    expect(condition(halted, 'Ready')?.status).to.equal('False');
    expect(halted.status?.message).to.match(/halted: .*no_such_function_rollout/);
    expect(halted.status?.failures?.map((failure) => failure.tenant)).to.satisfy((names: string[]) => names.every((name) => canaries.includes(name)) && names.length > 0);
    expect(halted.status?.wave, 'no wave after the canaries opened').to.equal(0);
    expect((await kstatus.compute(halted)).status).to.equal('Failed');
    const warning = await eventually('a RolloutHalted Warning is recorded', async () => (await events('RolloutHalted'))[0]);
    expect(warning.type).to.equal('Warning');
    expect(warning.note).to.match(/no_such_function_rollout/);

    const untouched = async () => {
      for (const name of others) {
        const tenant = await readTenant(env, name);
        expect(tenant?.status?.migrations?.latest, name).to.equal(baseline);
        expect(condition(tenant, 'Stalled'), `${name} never attempted the migration`).to.equal(undefined);
        expect(condition(tenant, 'MigrationsApplied')?.reason).to.equal('RolloutPending');
        expect(await probeIn(name)).to.deep.equal({ recorded: 0, table: null });
      }
    };
    await untouched();

    // A new operator process knows the halt from the status alone and touches nobody either.
    await operator.stop();
    operator = await startTheOperator();
    await eventually('the new operator has reconciled every tenant and the roll-out', async () => {
      const metrics = await (await fetch(`${operator.url}/metrics`)).text();
      const passes = (kind: string) => [...metrics.matchAll(new RegExp(`^tenantry_reconcile_total\\{(?=[^}]*kind="${kind}")[^}]*\\} (\\d+)`, 'gm'))]
        .reduce((sum, match) => sum + Number(match[1]), 0);
      return passes('tenant') >= 10 && passes('rollout') >= 1;
    });
    expect((await readRollout()).status?.phase).to.equal('Halted');
    await untouched();
  });

  it('resumes once the migration is fixed and completes wave by wave, never more than maxConcurrent tenants migrating at once', async () => {
    await writeFile(join(dir, `${probe}.sql`), fixed);
    const waited = await env.kubectl(['wait', 'migrationrollout/default', '--for=condition=Ready', '--timeout=120s']);
    expect(waited.code, waited.stderr).to.equal(0);
    const complete = await readRollout();
    expect(complete.status?.phase).to.equal('Complete');
    expect(complete.status?.tenants).to.include({ total: 10, done: 10, failed: 0, pending: 0 });
    expect(complete.status?.failures).to.equal(undefined);
    const normal = await eventually('a RolloutComplete event is recorded', async () => (await events('RolloutComplete'))[0]);
    expect(normal.type).to.equal('Normal');

    // PostgreSQL's clocks: each tenant's migration transaction, from its start to the end of its work
    const intervals = new Map<string, { started: number; finished: number }>();
    for (const name of [...canaries, ...others]) {
      const { rows } = await pool.query<{ started: Date; finished: Date }>(`SELECT started, finished FROM ${pg.escapeIdentifier(schemaOf(name))}.rollout_probe`);
      expect(rows, name).to.have.length(1);
      intervals.set(name, { started: rows[0]!.started.getTime(), finished: rows[0]!.finished.getTime() });
      const tenant = await readTenant(env, name);
      expect(condition(tenant, 'MigrationsApplied')).to.include({ status: 'True', reason: 'UpToDate' });
      expect(tenant?.status?.migrations?.latest).to.equal(probe);
    }
    const at = (name: string) => intervals.get(name)!;
    const overlapping = Math.max(...[...intervals.values()].map(({ started }) =>
      [...intervals.values()].filter((other) => other.started <= started && started < other.finished).length));
    expect(overlapping, 'tenants migrating at once').to.be.within(1, maxConcurrent);
    // The canaries before any other tenant, and each wave only after the one before it ended
    const waves = [canaries, ...[0, 1, 2, 3].map((i) => others.slice(2 * i, 2 * i + 2))];
    for (let wave = 1; wave < waves.length; wave++) {
      const previousEnd = Math.max(...waves[wave - 1]!.map((name) => at(name).finished));
      const start = Math.min(...waves[wave]!.map((name) => at(name).started));
      expect(start, `wave ${wave} starts after wave ${wave - 1} ended`).to.be.at.least(previousEnd);
    }

    // Every status the roll-out went through, as kstatus (Flux, Helm's wait) reads it
    for (const { object } of history.versions()) {
      const verdict = (await kstatus.compute(object)).status;
      const phase = object.status?.phase;
      const settled = object.status?.observedGeneration === object.metadata.generation;
      const expected = !settled ? 'InProgress' : phase === 'Halted' ? 'Failed' : phase === 'Complete' || phase === 'Paused' ? 'Current' : 'InProgress';
      expect(verdict, `${phase} at generation ${object.metadata.generation}/${object.status?.observedGeneration}`).to.equal(expected);
    }
    expect(new Set(history.versions().map(({ object }) => object.status?.phase))).to.include.members(['Paused', 'Halted', 'Canary', 'Waves', 'Complete']);
  });

  it('rolls a migration to every tenant at once once the policy is deleted, as without one', async () => {
    await objects().deleteClusterCustomObject({ ...coordinates, name: 'default' });
    const next = '9999999999991_after-policy';
    await writeFile(join(dir, `${next}.sql`), '-- Up Migration\nALTER TABLE entries ADD COLUMN after_policy boolean;\n-- Down Migration\n');
    for (const name of [...canaries, ...others]) {
      await eventually(`${name} gets ${next}`, async () => {
        const tenant: Tenant | undefined = await readTenant(env, name);
        return tenant?.status?.migrations?.latest === next && condition(tenant, 'MigrationsApplied')?.reason === 'UpToDate';
      });
    }
  });
});
