// Part of figure 7: one migration rolled out under a MigrationRollout policy — `BENCH_ROLLOUT_CANARIES` (10)
// canary tenants first, then waves of `BENCH_ROLLOUT_WAVE` (10%), at most the operator's concurrency migrating —
// next to the all-at-once roll-out of a migration of the same shape measured just before in the same run.
import { PatchStrategy, Watch, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import { customObjects, eventually } from '@tenantry/harness';
import type { MigrationRollout } from '@tenantry/runtime';
import { apiRequestCounts, requestDelta } from './apiserver-requests.js';
import { figure, type Figure } from './figures.js';
import { settled } from './operator-metrics.js';
import type { ScaledFleet } from './scaled-fleet.js';

export interface WaveRolloutOptions {
  /** Every tenant of the fleet. */
  readonly names: readonly string[];
  /** The all-at-once roll-out of the same run: the baseline. */
  readonly allAtOnceMs: number;
  readonly concurrency: number;
  readonly log: (line: string) => void;
}

const coordinates = { group: 'tenantry.dev', version: 'v1alpha1', plural: 'migrationrollouts' };
const canaryLabel = 'bench.tenantry.dev/ring';
/**
 * Waves wait for each other (each ends with fewer tenants than slots migrating), and every tenant a wave has not
 * reached says so in its status once (RolloutPending) before it says UpToDate: twice the all-at-once roll-out's
 * status writes, which dominate its cost. Beyond that, overhead worth a look.
 */
const ratioTarget = 2.5;
/** The same shape as the all-at-once migration: a column and an index on entries. */
const waveMigration = {
  slug: 'entries-rank',
  up: 'ALTER TABLE entries ADD COLUMN rank integer NOT NULL DEFAULT 0;\nCREATE INDEX entries_rank ON entries (rank, created_at DESC);',
  down: 'DROP INDEX entries_rank;\nALTER TABLE entries DROP COLUMN rank;',
};

export async function measureWaveRollout(state: ScaledFleet, { names, allAtOnceMs, concurrency, log }: WaveRolloutOptions): Promise<Figure[]> {
  const { env, fleet, migrations } = state;
  const canaries = Number(process.env['BENCH_ROLLOUT_CANARIES'] ?? 10);
  const waveSize = process.env['BENCH_ROLLOUT_WAVE'] ?? '10%';
  const objects = customObjects(env.kubeConfig());
  const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  for (const name of [...names].sort().slice(0, canaries)) {
    await objects.patchClusterCustomObject({ group: 'tenantry.dev', version: 'v1alpha1', plural: 'tenants', name, body: { metadata: { labels: { [canaryLabel]: 'canary' } } } }, merge);
  }
  await objects.createClusterCustomObject({
    ...coordinates,
    body: {
      apiVersion: 'tenantry.dev/v1alpha1', kind: 'MigrationRollout', metadata: { name: 'default' },
      spec: { canary: { selector: { matchLabels: { [canaryLabel]: 'canary' } } }, waveSize, maxConcurrent: concurrency, maxFailures: 0 },
    },
  });
  const read = async () => await objects.getClusterCustomObject({ ...coordinates, name: 'default' }) as MigrationRollout;
  await eventually('the MigrationRollout is Complete for the current set', async () => (await read()).status?.phase === 'Complete', { timeoutMs: 60_000 });
  await settled(fleet.operator, 0);

  const requestsBefore = await apiRequestCounts(env);
  const waveStarts = await watchWaves(env.kubeConfig());
  const started = performance.now();
  const migration = await migrations.add(waveMigration.slug, waveMigration.up, waveMigration.down);
  await Promise.all(names.map((name) => fleet.watch.whenMigrated(name, migration)));
  const wavesMs = performance.now() - started;
  const done = await eventually('the roll-out reports Complete', async () => {
    const rollout = await read();
    return rollout.status?.phase === 'Complete' && rollout.status.target?.latest === migration ? rollout : undefined;
  }, { timeoutMs: 60_000 });
  waveStarts.stop();
  const timeline = waveStarts.opened.map(({ wave, at }) => `${wave}@${((at - started) / 1000).toFixed(1)}s`).join(' ');
  const requests = requestDelta(requestsBefore, await apiRequestCounts(env));
  const writes = requests.filter(({ request }) => /^(PUT|PATCH|POST|DELETE) /.test(request));
  const perTenant = writes.reduce((sum, { count }) => sum + count, 0) / names.length;
  log(`waved roll-out of ${migration} to ${names.length} tenants: ${wavesMs.toFixed(0)} ms in ${done.status?.waves} waves of ${done.status?.waveSize} after ${canaries} canaries; `
    + `all at once ${allAtOnceMs.toFixed(0)} ms; API writes: ${writes.map(({ request, count }) => `${count}× ${request}`).join(', ')}`);
  log(`  waves opened (from the new file on disk): ${timeline}`);
  await objects.deleteClusterCustomObject({ ...coordinates, name: 'default' });
  return [figure(`roll out one migration in waves of ${waveSize} after ${canaries} canaries`, wavesMs, 'ms', allAtOnceMs, ratioTarget,
    `${names.length} tenants, ${done.status?.waves} waves of ${done.status?.waveSize}, at most ${concurrency} migrating; baseline: the all-at-once roll-out of a migration of the same shape in this run; `
    + `${perTenant.toFixed(2)} API writes per tenant (a held tenant's status says RolloutPending, then UpToDate)`)];
}

/** When the roll-out's status first showed each wave open, from a watch (wave 0: the canaries). */
async function watchWaves(kubeConfig: KubeConfig): Promise<{ opened: Array<{ wave: number; at: number }>; stop(): void }> {
  const opened: Array<{ wave: number; at: number }> = [];
  const request = await new Watch(kubeConfig).watch(`/apis/${coordinates.group}/${coordinates.version}/${coordinates.plural}`, {},
    (_type, rollout: MigrationRollout) => {
      const wave = rollout.status?.wave;
      if (rollout.status?.phase !== 'Canary' && rollout.status?.phase !== 'Waves') return;
      if (wave !== undefined && !opened.some((entry) => entry.wave === wave)) opened.push({ wave, at: performance.now() });
    },
    () => undefined);
  return { opened, stop: () => request.abort() };
}
