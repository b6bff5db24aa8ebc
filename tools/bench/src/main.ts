// `make bench`: starts a production-like environment (fsync on) and runs the benchmarks named in
// BENCH (comma-separated; default all), printing each figure next to its same-run baseline.
import { startEnvironment, type Environment } from '@tenantry/harness';
import { report, type Figure } from './figures.js';
import { benchmarkProvisioning } from './provisioning.js';

export interface BenchContext {
  readonly env: Environment;
  readonly log: (line: string) => void;
}

type Benchmark = (context: BenchContext) => Promise<Figure[]>;

// In run order. Each benchmark starts what it needs and stops it again, so any one runs alone.
const benchmarks: Record<string, Benchmark> = {
  provisioning: ({ env, log }) => benchmarkProvisioning(env, {
    samples: Number(process.env['BENCH_SAMPLES'] ?? 10),
    burst: Number(process.env['BENCH_BURST'] ?? 200),
    concurrency: Number(process.env['BENCH_CONCURRENCY'] ?? 8),
    log,
  }),
};

const log = (line: string) => process.stdout.write(`bench: ${line}\n`);

function selectedBenchmarks(): string[] {
  const requested = process.env['BENCH']?.split(',').map((name) => name.trim()).filter(Boolean);
  if (requested === undefined || requested.length === 0) return Object.keys(benchmarks);
  const unknown = requested.filter((name) => !(name in benchmarks));
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(benchmarks).join(', ')}`);
  return requested;
}

async function main(): Promise<void> {
  const names = selectedBenchmarks();
  log(`running ${names.join(', ')}`);
  log('starting etcd, kube-apiserver and PostgreSQL (fsync on)…');
  const env = await startEnvironment({ durable: true, keepDir: process.env['BENCH_KEEP_DIR'] === '1', onProgress: (line) => log(`  ${line}`) });
  const figures: Figure[] = [];
  const started = performance.now();
  try {
    for (const name of names) {
      const benchStarted = performance.now();
      log(`── ${name}`);
      figures.push(...await benchmarks[name]!({ env, log }));
      log(`── ${name} took ${((performance.now() - benchStarted) / 1000).toFixed(1)} s`);
    }
  } finally {
    await env.stop();
  }
  log(`all benchmarks took ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await report(figures);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
