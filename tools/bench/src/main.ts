// `make bench`: starts a production-like environment (fsync on) and runs the benchmarks named in
// BENCH (comma-separated; default all), printing each figure next to its same-run baseline.
import { startEnvironment, type Environment } from '@tenantry/harness';
import { report, type Figure } from './figures.js';
import { benchmarkMigrationCount } from './migration-count.js';
import { benchmarkLargeFleet } from './large-fleet.js';
import { benchmarkProvisioning } from './provisioning.js';
import { scaledFleetBenchmarks } from './scaled-fleet.js';
import { benchmarkRequestPath } from './request-path.js';
import { benchmarkTenantRouting } from './tenant-routing.js';
import { benchmarkLifecycleWebhooks } from './lifecycle-webhooks.js';
import { benchmarkPolicyAndTokens } from './policy-and-tokens.js';
import { benchmarkWebUi } from './web-ui.js';
import { benchmarkCredentialRotation } from './credential-rotation.js';

export interface BenchContext {
  readonly env: Environment;
  readonly log: (line: string) => void;
}

type Benchmark = (context: BenchContext) => Promise<Figure[]>;

// In run order. Each benchmark starts what it needs and stops it again, so any one runs alone.
const benchmarks: Record<string, Benchmark> = {
  provisioning: ({ env, log }) => benchmarkProvisioning(env, {
    samples: Number(process.env['BENCH_SAMPLES'] ?? 10),
    concurrency: Number(process.env['BENCH_CONCURRENCY'] ?? 8),
    log,
  }),
  'migration-count': ({ log }) => benchmarkMigrationCount({
    counts: [1, 10, 50], samples: Number(process.env['BENCH_SAMPLES'] ?? 10), concurrency: Number(process.env['BENCH_CONCURRENCY'] ?? 8), log,
  }),
  // throughput builds a fleet of 1,000 pool + 100 silo tenants that steady-state and rollout reuse.
  ...scaledFleetBenchmarks({
    pool: Number(process.env['BENCH_FLEET_POOL'] ?? 1000), silo: Number(process.env['BENCH_FLEET_SILO'] ?? 100),
    concurrency: Number(process.env['BENCH_CONCURRENCY'] ?? 8), idleWindowMs: Number(process.env['BENCH_IDLE_SECONDS'] ?? 60) * 1000,
    resyncPeriod: process.env['BENCH_RESYNC_PERIOD'] ?? '30s',
  }),
  fleet: ({ log }) => benchmarkLargeFleet({
    tenants: Number(process.env['BENCH_FLEET_TENANTS'] ?? 10_000),
    concurrency: Number(process.env['BENCH_CONCURRENCY'] ?? 8),
    resyncPeriod: process.env['BENCH_FLEET_RESYNC_PERIOD'] ?? '40s',
    resyncWindowMs: Number(process.env['BENCH_FLEET_RESYNC_WINDOW_SECONDS'] ?? 45) * 1000,
    log,
  }),
  'request-path': ({ env, log }) => benchmarkRequestPath(env, { ...httpLoad(), latencySamples: Number(process.env['BENCH_LATENCY_SAMPLES'] ?? 1000), log }),
  routing: ({ env, log }) => benchmarkTenantRouting(env, {
    tenants: Number(process.env['BENCH_ROUTING_TENANTS'] ?? 1000),
    tenantConcurrency: Number(process.env['BENCH_ROUTING_TENANT_CONCURRENCY'] ?? 10),
    maxConnections: Number(process.env['BENCH_ROUTING_MAX_CONNECTIONS'] ?? 100),
    connections: httpLoad().connections,
    seconds: Number(process.env['BENCH_ROUTING_SECONDS'] ?? 8),
    servingSeconds: Number(process.env['BENCH_ROUTING_SERVING_SECONDS'] ?? 20),
    log,
  }),
  rotation: ({ env, log }) => benchmarkCredentialRotation(env, {
    connections: httpLoad().connections, seconds: Number(process.env['BENCH_ROTATION_SECONDS'] ?? 20), rotations: 10, log,
  }),
  // The web UI in Chromium: initial JS of the entries route, and navigation to the first row vs the API call alone.
  web: ({ env, log }) => benchmarkWebUi(env, { samples: Number(process.env['BENCH_SAMPLES'] ?? 10), log }),
  policy: ({ env, log }) => benchmarkPolicyAndTokens(env, {
    tenants: Number(process.env['BENCH_POLICY_TENANTS'] ?? 100),
    connections: httpLoad().connections,
    seconds: httpLoad().seconds,
    log,
  }),
  // Lifecycle webhooks: from a Tenant's Ready to its tenant.ready webhook, for BENCH_WEBHOOK_TENANTS provisioned at once.
  webhooks: ({ env, log }) => benchmarkLifecycleWebhooks(env, { tenants: Number(process.env['BENCH_WEBHOOK_TENANTS'] ?? 1000), log }),
};

/** The closed-loop load of every HTTP figure: BENCH_HTTP_CONNECTIONS, BENCH_HTTP_SECONDS per run, BENCH_HTTP_ROUNDS. */
function httpLoad() {
  return {
    connections: Number(process.env['BENCH_HTTP_CONNECTIONS'] ?? 10),
    seconds: Number(process.env['BENCH_HTTP_SECONDS'] ?? 5),
    rounds: Number(process.env['BENCH_HTTP_ROUNDS'] ?? 2),
  };
}

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
