// `make bench`: starts a production-like environment (fsync on) and runs the benchmarks named in
// BENCH (comma-separated; default all), printing each figure next to its same-run baseline.
import { startEnvironment } from '@tenantry/harness';
import { report, type Figure } from './figures.js';
import { benchmarkProvisioning } from './provisioning.js';

const log = (line: string) => process.stdout.write(`bench: ${line}\n`);
const selected = new Set((process.env['BENCH'] ?? 'provisioning').split(',').map((name) => name.trim()));

async function main(): Promise<void> {
  log('starting etcd, kube-apiserver and PostgreSQL (fsync on)…');
  const env = await startEnvironment({ durable: true, keepDir: process.env['BENCH_KEEP_DIR'] === '1', onProgress: (line) => log(`  ${line}`) });
  const figures: Figure[] = [];
  try {
    if (selected.has('provisioning')) {
      figures.push(...await benchmarkProvisioning(env, {
        samples: Number(process.env['BENCH_SAMPLES'] ?? 10),
        burst: Number(process.env['BENCH_BURST'] ?? 200),
        concurrency: Number(process.env['BENCH_CONCURRENCY'] ?? 8),
        log,
      }));
    }
  } finally {
    await env.stop();
  }
  await report(figures);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
