// Lifecycle webhook latency: N tenants provisioned at once, and for each the time from the Tenant becoming Ready (as a
// watch of the API server sees it) to its signed tenant.ready webhook arriving at a receiver on loopback.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually, type Environment } from '@tenantry/harness';
import { measure, percentile, type Figure } from './figures.js';
import { startOperatorFleet } from './operator-fleet.js';
import { startIdentity, startPlatform } from './service-stack.js';
import { demoUser, signIn } from './stack-calls.js';

export interface LifecycleWebhooksOptions {
  readonly tenants: number;
  readonly log: (line: string) => void;
}

interface Receiver {
  readonly url: string;
  /** performance.now() when each tenant's tenant.ready first arrived. */
  readonly readyAt: Map<string, number>;
  received(): number;
  stop(): Promise<void>;
}

/** Answers every webhook 204 at once and notes when each tenant's tenant.ready came. */
async function startReceiver(): Promise<Receiver> {
  const readyAt = new Map<string, number>();
  let received = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const at = performance.now();
      received += 1;
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type: string; subject: string };
      if (event.type === 'tenant.ready' && !readyAt.has(event.subject)) readyAt.set(event.subject, at);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    readyAt,
    received: () => received,
    stop: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export async function benchmarkLifecycleWebhooks(env: Environment, { tenants, log }: LifecycleWebhooksOptions): Promise<Figure[]> {
  const started: Array<{ stop(): Promise<void> }> = [];
  try {
    const receiver = await startReceiver();
    started.push(receiver);
    const identity = await startIdentity(env);
    started.push(identity);
    const platform = await startPlatform(env, {
      identityUrl: identity.url, database: 'bench_webhooks',
      env: { PLATFORM_WEBHOOK_SECRETS_KEY: randomBytes(32).toString('base64'), PLATFORM_WEBHOOK_ALLOW_HTTP: 'true', PLATFORM_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' },
    });
    started.push(platform.service);
    const admin = await signIn(identity.url, demoUser('admin@tenantry.dev'));
    const subscribed = await fetch(`${platform.service.url}/v1/webhooks/subscriptions`, {
      method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bench', url: receiver.url, eventTypes: ['tenant.created', 'tenant.ready'] }),
    });
    if (subscribed.status !== 201) throw new Error(`creating the subscription answered ${subscribed.status}: ${await subscribed.text()}`);
    const fleet = await startOperatorFleet(env, { concurrency: 8 });
    started.push(fleet);

    const { names, elapsedMs } = await fleet.provisionMany('pool', tenants);
    log(`${names.length} tenants Ready in ${(elapsedMs / 1000).toFixed(1)} s`);
    await eventually('every tenant.ready webhook arrived', () => names.every((name) => receiver.readyAt.has(name)), { timeoutMs: 300_000, intervalMs: 100 });
    const latencies = await Promise.all(names.map(async (name) => receiver.readyAt.get(name)! - await fleet.watch.whenReady(name)));
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    log(`tenant.ready latency p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms; ${receiver.received()} webhooks received`);
    const detail = `${tenants} pool tenants provisioned at once (operator concurrency 8); from the Tenant's Ready in a watch of the API server to `
      + `its tenant.ready webhook at a receiver on loopback, one platform replica, created and ready subscribed (${receiver.received()} webhooks)`;
    return [
      measure({ name: 'lifecycle webhook latency p50', value: p50, unit: 'ms', target: 1_000, detail }),
      measure({ name: 'lifecycle webhook latency p99', value: p99, unit: 'ms', target: 5_000, detail }),
    ];
  } finally {
    for (const running of started.reverse()) await running.stop();
  }
}
