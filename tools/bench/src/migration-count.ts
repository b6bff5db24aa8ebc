// How one tenant's provisioning cost grows with the number of tenant migrations (1, 10, 50), per tier,
// next to the floor with the same migrations. A silo tenant is a copy of a pre-migrated template, so
// its cost should barely move with the count; a pool tenant has to run every migration.
import pg from 'pg';
import { startEnvironment, type Environment } from '@tenantry/harness';
import { figure, measure, median, type Figure } from './figures.js';
import { createFloor } from './floor-sessions.js';
import { copyTenantMigrations, syntheticMigration } from './migration-sets.js';
import { startOperatorFleet, type Tier } from './operator-fleet.js';
import { createStatementCounter } from './sql-statements.js';

export interface MigrationCountOptions {
  readonly counts: readonly number[];
  readonly samples: number;
  readonly concurrency: number;
  readonly log: (line: string) => void;
}

/**
 * Silo at the largest count against silo at the smallest, each in units of an empty CREATE DATABASE timed
 * next to it (the disk's speed drifts 2× over minutes here). 1.2×: copying a template holding 50 small
 * migrations copies a few dozen more catalog rows and relation files than one holding 1, which costs
 * a few milliseconds against a copy of ~50; running the 50 migrations instead would cost many times that.
 */
const siloGrowthTarget = 1.2;

export async function benchmarkMigrationCount({ counts, samples, concurrency, log }: MigrationCountOptions): Promise<Figure[]> {
  // An environment of its own: an operator pointed at another migration set rolls every tenant it
  // sees forward, so it must not see the tenants of the other benchmarks, nor leave its own behind.
  const env = await startEnvironment({ durable: true, keepDir: process.env['BENCH_KEEP_DIR'] === '1' });
  const figures: Figure[] = [];
  const siloInCopies = new Map<number, { operator: number; copy: number }>();
  try {
    for (const count of counts) {
      const medians = await measureCount(env, count, samples, concurrency, log);
      siloInCopies.set(count, { operator: medians.silo.operator, copy: medians.emptyCopy });
      for (const tier of ['silo', 'pool'] as const) {
        const { operator, floor, min, max } = medians[tier];
        figures.push(figure(`provision one ${tier} tenant, ${count} migration${count === 1 ? '' : 's'} (median of ${samples})`,
          operator, 'ms', floor, tier === 'silo' ? 1.25 : 1.5, `operator min ${min.toFixed(0)} max ${max.toFixed(0)} ms`));
      }
    }
    const fewest = Math.min(...counts);
    const most = Math.max(...counts);
    const [atMost, atFewest] = [siloInCopies.get(most)!, siloInCopies.get(fewest)!];
    const describe = (at: { operator: number; copy: number }) => `${at.operator.toFixed(1)} ms = ${(at.operator / at.copy).toFixed(2)} empty copies of ${at.copy.toFixed(1)} ms`;
    figures.push(measure({
      name: `silo tenant cost, ${most} vs ${fewest} migrations`, value: atMost.operator / atMost.copy, unit: 'empty database copies',
      baseline: atFewest.operator / atFewest.copy, target: siloGrowthTarget,
      detail: `at ${most}: ${describe(atMost)}; at ${fewest}: ${describe(atFewest)}; a template copy should not grow with the count`,
    }));
  } finally {
    await env.stop();
  }
  return figures;
}

interface TierMedians { operator: number; floor: number; min: number; max: number }

/** The medians per tier, and of an empty CREATE DATABASE timed after each silo sample: the disk's speed then. */
type CountMedians = Record<Tier, TierMedians> & { emptyCopy: number };

async function measureCount(env: Environment, count: number, samples: number, concurrency: number, log: (line: string) => void): Promise<CountMedians> {
  const migrations = await copyTenantMigrations();
  for (let i = 1; i < count; i++) {
    const { slug, up, down } = syntheticMigration(i);
    await migrations.add(slug, up, down);
  }
  const fleet = await startOperatorFleet(env, { concurrency, migrationsDir: migrations.dir });
  const floor = await createFloor(env, migrations.dir);
  const statements = await createStatementCounter(env.postgres.url);
  const admin = new pg.Client({ connectionString: env.postgres.url });
  await admin.connect();
  const emptyCopyMs: number[] = [];
  try {
    // Warm-up: brings the template to this migration set, opens connections, warms the JIT.
    await fleet.provision('silo');
    await fleet.provision('pool');
    const result = {} as CountMedians;
    for (const tier of ['silo', 'pool'] as const) {
      const operatorMs: number[] = [];
      const floorMs: number[] = [];
      for (let i = 0; i < samples; i++) {
        await statements.reset();
        operatorMs.push(await fleet.provision(tier));
        // Where the operator's time went in PostgreSQL, for the last sample: the evidence for a miss.
        if (i === samples - 1) for (const s of await statements.slowest(3)) log(`  ${tier} sql ${s.totalMs.toFixed(1)} ms: ${s.query}`);
        floorMs.push(await floor.provision(tier));
        if (tier === 'silo') emptyCopyMs.push(await timeEmptyDatabaseCopy(admin, i));
      }
      result[tier] = { operator: median(operatorMs), floor: median(floorMs), min: Math.min(...operatorMs), max: Math.max(...operatorMs) };
      log(`${count} migrations, ${tier}: operator median ${result[tier].operator.toFixed(1)} ms, floor ${result[tier].floor.toFixed(1)} ms`);
    }
    // The next migration set must not find these tenants: it would roll them forward meanwhile.
    const deleted = await env.kubectl(['delete', 'tenants', '--all', '--wait=true', '--timeout=120s']);
    if (deleted.code !== 0) throw new Error(`could not delete the tenants of ${count} migrations: ${deleted.stderr}`);
    result.emptyCopy = median(emptyCopyMs);
    log(`${count} migrations: an empty CREATE DATABASE took a median ${result.emptyCopy.toFixed(1)} ms meanwhile`);
    return result;
  } finally {
    await admin.end();
    await statements.close();
    await floor.close();
    await fleet.stop();
    await migrations.remove();
  }
}

async function timeEmptyDatabaseCopy(admin: pg.Client, sample: number): Promise<number> {
  const name = pg.escapeIdentifier(`bench_empty_copy_${sample}`);
  const started = performance.now();
  await admin.query(`CREATE DATABASE ${name}`);
  const elapsed = performance.now() - started;
  await admin.query(`DROP DATABASE ${name}`);
  return elapsed;
}
