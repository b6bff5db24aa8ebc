// Issue 18's rotation figure: entries listed through the gateway while the tenant's credentials are rotated ten
// times (kubectl annotate, one-second grace period), next to the same load with no rotation, windows taking turns.
// Every request must succeed: a rotation is invisible to the tenant's users.
import { setTimeout as delay } from 'node:timers/promises';
import { eventually, patchTenantSpec, readTenant, type Environment } from '@tenantry/harness';
import { measure, type Figure } from './figures.js';
import { describeLoad, runLoad, type LoadResult, type LoadTarget } from './http-load.js';
import { startOperatorFleet } from './operator-fleet.js';
import { startBackend, startGateway, startIdentity, startPlatform } from './service-stack.js';
import { addMembership, demoUser, signIn } from './stack-calls.js';

export interface CredentialRotationOptions {
  readonly connections: number;
  /** Length of each window; a rotating window spreads its rotations evenly across it. */
  readonly seconds: number;
  readonly rotations: number;
  readonly log: (line: string) => void;
}

const ANNOTATION = 'tenantry.dev/rotate-credentials';

export async function benchmarkCredentialRotation(env: Environment, options: CredentialRotationOptions): Promise<Figure[]> {
  const { connections, seconds, rotations, log } = options;
  const started: Array<{ stop(): Promise<void> }> = [];
  try {
    const fleet = await startOperatorFleet(env, { concurrency: 2 });
    started.push(fleet);
    const { names: [tenant = ''] } = await fleet.provisionMany('pool', 1);
    await patchTenantSpec(env, tenant, { credentials: { gracePeriod: '1s' } });
    const identity = await startIdentity(env);
    started.push(identity);
    const platform = await startPlatform(env, { identityUrl: identity.url, database: 'bench_rotation' });
    started.push(platform.service);
    const alice = demoUser('alice@acme.example');
    await addMembership(platform.service.url, await signIn(identity.url, demoUser('admin@tenantry.dev')), tenant, alice, 'viewer');
    const backend = await startBackend(env, platform);
    started.push(backend);
    const gateway = await startGateway(env, { identityUrl: identity.url, platform, backendUrl: backend.url });
    started.push(gateway);
    const target: LoadTarget = {
      url: gateway.url, path: '/api/entries?limit=20',
      headers: { authorization: `Bearer ${await signIn(identity.url, alice)}`, 'x-tenant-id': tenant },
    };
    await runLoad(target, { connections, durationSeconds: 1 });

    const quiet: LoadResult[] = [];
    const rotating: LoadResult[] = [];
    let round = 0;
    const rotate = async (): Promise<number> => {
      const startedAt = performance.now();
      for (let index = 1; index <= rotations; index++) {
        await delay(Math.max(0, startedAt + (index * seconds * 1000) / (rotations + 1) - performance.now()));
        await rotateOnce(env, tenant, `bench-${round}-${index}`);
      }
      return performance.now() - startedAt;
    };
    for (round = 1; round <= 2; round++) {
      quiet.push(await runLoad(target, { connections, durationSeconds: seconds }));
      log(`rotation round ${round} quiet     ${describeLoad(quiet.at(-1)!)}`);
      const [result, rotatedMs] = await Promise.all([runLoad(target, { connections, durationSeconds: seconds }), rotate()]);
      rotating.push(result);
      log(`rotation round ${round} rotating  ${describeLoad(result)}; ${rotations} rotations in ${(rotatedMs / 1000).toFixed(1)} s`);
    }
    const rps = (runs: LoadResult[]) => runs.reduce((sum, run) => sum + run.ok, 0) / runs.reduce((sum, run) => sum + run.seconds, 0);
    const failed = rotating.reduce((sum, run) => sum + run.failed, 0);
    const setting = `${connections} connections, 2 rounds of ${seconds} s quiet then ${seconds} s with ${rotations} rotations (grace period 1 s), through the gateway`;
    return [
      measure({
        name: 'credential rotation: gateway throughput during ten rotations vs none', value: rps(rotating), unit: 'req/s', baseline: rps(quiet),
        compare: '≥', target: 0.95, detail: setting,
      }),
      measure({
        name: 'credential rotation: failed requests during rotations', value: failed, unit: 'requests', on: 'value', compare: '=', target: 0,
        detail: `${setting}; p99 rotating ${Math.max(...rotating.map((run) => run.p99Ms))} ms vs quiet ${Math.max(...quiet.map((run) => run.p99Ms))} ms`,
      }),
    ];
  } finally {
    for (const running of started.reverse()) await running.stop();
  }
}

/** One rotation as a user asks for it, awaited until the status records it and the previous login retired. */
async function rotateOnce(env: Environment, tenant: string, request: string): Promise<void> {
  const annotate = await env.kubectl(['annotate', 'tenant', tenant, `${ANNOTATION}=${request}`, '--overwrite']);
  if (annotate.code !== 0) throw new Error(`kubectl annotate failed: ${annotate.stderr}`);
  await eventually(`rotation ${request} of ${tenant} carried out`, async () => {
    const credentials = (await readTenant(env, tenant))?.status?.credentials;
    return credentials?.rotationRequest === request && credentials.retiring === undefined;
  }, { timeoutMs: 60_000 });
}
