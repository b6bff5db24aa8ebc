// Figure 6, policy resolve and token exchange over HTTP, cache hot and cold, each next to a bare Express floor
// doing the same irreducible work in the same run: the platform's own resolve SQL on a pool of the same size,
// and for the exchange the external token's signature check plus the internal token's signature.
import { ensureDatabase, startNodeService, type Environment } from '@tenantry/harness';
import { demoUsers } from '@tenantry/identity';
import { measure, type Figure } from './figures.js';
import { describeLoad, requireClean, runLoad, type LoadResult, type LoadTarget } from './http-load.js';
import { startOperatorFleet } from './operator-fleet.js';
import { cpuMeter, describeCpuPerRequest, postgresCpuMs, processCpuMs } from './process-cpu.js';
import { startIdentity, startPlatform } from './service-stack.js';
import { addMembership, demoUser, exchangeBody, exchangeHeaders, forEachLimited, signIn } from './stack-calls.js';

export interface PolicyAndTokensOptions {
  /** Tenants each demo user is a member of: users × tenants is the number of cold exchanges. */
  readonly tenants: number;
  readonly connections: number;
  readonly seconds: number;
  readonly log: (line: string) => void;
}

const PLATFORM_DATABASE = 'bench_policy';
// The platform's master pool size (createMasterDatabase's default): the floor gets the same.
const MASTER_POOL_MAX = 10;

interface Pair {
  readonly user: string;
  readonly tenant: string;
  readonly token: string;
}

const resolvePath = (user: string, tenant: string) => `/v1/policy/resolve?user=${encodeURIComponent(user)}&tenant=${tenant}`;

/** Never-seen users, one per call: every resolution misses the cache and runs the statement (finding no membership). */
function coldResolve(url: string, tenant: string, path: (user: string, tenant: string) => string, headers: Record<string, string> = {}): LoadTarget {
  let next = 0;
  return { url, path: path('cold-0', tenant), headers, vary: (request) => { request.path = path(`cold-${next++}`, tenant); } };
}

/** Token exchanges of the pairs in turn (a form as the gateway posts it). */
function exchangeTarget(url: string, path: string, headers: Record<string, string>, sequence: readonly Pair[]): LoadTarget {
  let next = 0;
  return {
    url, method: 'POST', path, headers, body: exchangeBody(sequence[0]!.token, sequence[0]!.tenant),
    vary: (request) => {
      const pair = sequence[next++ % sequence.length]!;
      request.body = exchangeBody(pair.token, pair.tenant);
    },
  };
}

/** Tenants, every demo user a member of each, fresh external tokens, and the floor on the platform's own database. */
async function preparePolicy(env: Environment, started: Array<{ stop(): Promise<void> }>, count: number, log: (line: string) => void) {
  const identity = await startIdentity(env);
  started.push(identity);
  const platform = await startPlatform(env, { identityUrl: identity.url, database: PLATFORM_DATABASE });
  started.push(platform.service);
  const fleet = await startOperatorFleet(env, { concurrency: 8 });
  started.push(fleet);
  const { names } = await fleet.provisionMany('pool', count);
  const admin = await signIn(identity.url, demoUser('admin@tenantry.dev'));
  const memberships = demoUsers.flatMap((user) => names.map((tenant) => ({ user, tenant })));
  await forEachLimited(memberships, 8, ({ user, tenant }) => addMembership(platform.service.url, admin, tenant, user, 'viewer'));
  // Signed in after the memberships: each token is new to the platform when its first exchange comes.
  const tokens = new Map(await Promise.all(demoUsers.map(async (user) => [user.sub, await signIn(identity.url, user)] as const)));
  const pairs: Pair[] = memberships.map(({ user, tenant }) => ({ user: user.sub, tenant, token: tokens.get(user.sub)! }));
  log(`${names.length} tenants, ${pairs.length} memberships`);
  const floor = await startNodeService({
    name: 'floor-policy', entry: 'tools/bench/src/floor-server.ts', logDir: env.dir, portVariable: 'FLOOR_PORT',
    env: {
      FLOOR_MASTER_DATABASE_URL: await ensureDatabase(env.postgres, PLATFORM_DATABASE), FLOOR_OIDC_ISSUER: identity.url,
      FLOOR_POOL_MAX: String(MASTER_POOL_MAX),
    },
  });
  started.push(floor);
  return { platform, floor, pairs };
}

export async function benchmarkPolicyAndTokens(env: Environment, options: PolicyAndTokensOptions): Promise<Figure[]> {
  const { tenants: count, connections, seconds, log } = options;
  const started: Array<{ stop(): Promise<void> }> = [];
  try {
    const { platform, floor, pairs } = await preparePolicy(env, started, count, log);
    const serviceAuth = { authorization: `Bearer ${platform.serviceToken}` };
    const [hot, ...cold] = pairs;
    const clientHeaders = exchangeHeaders(platform.exchangeClient);
    const floorHeaders = { 'content-type': 'application/x-www-form-urlencoded' };

    const meter = cpuMeter({
      platform: () => processCpuMs(platform.service.process.pid), floor: () => processCpuMs(floor.process.pid),
      postgres: () => postgresCpuMs(env.postgres.dataDir), autocannon: () => processCpuMs(process.pid),
    });
    const timed = async (label: string, target: LoadTarget, amount?: number): Promise<LoadResult & { cpu: string }> => {
      const before = await meter();
      const result = requireClean(label, await runLoad(target, { connections, durationSeconds: seconds, ...(amount === undefined ? {} : { amount }) }));
      const cpu = describeCpuPerRequest(before, await meter(), result.ok);
      log(`${label.padEnd(28)} ${describeLoad(result)}; CPU ms/request: ${cpu}`);
      return { ...result, cpu };
    };
    const warm = (target: LoadTarget) => runLoad(target, { connections, durationSeconds: 1 }).then((result) => requireClean('policy warm-up', result));

    await warm({ url: floor.url, path: '/static' });
    await warm({ url: platform.service.url, path: resolvePath(hot!.user, hot!.tenant), headers: serviceAuth });
    const resolveHot = await timed('resolve hot', { url: platform.service.url, path: resolvePath(hot!.user, hot!.tenant), headers: serviceAuth });
    const httpFloor = await timed('floor: constant JSON', { url: floor.url, path: '/static' });
    const resolveCold = await timed('resolve cold', coldResolve(platform.service.url, hot!.tenant, resolvePath, serviceAuth));
    const resolveFloor = await timed('floor: resolve SQL', coldResolve(floor.url, hot!.tenant, (user, tenant) => `/policy/resolve?user=${user}&tenant=${tenant}`));

    // Warmed (JIT, connections) on the hot pair only, which the cold pairs leave out.
    await warm(exchangeTarget(platform.service.url, '/oauth2/token', clientHeaders, [hot!]));
    await warm(exchangeTarget(floor.url, '/token?resolve=1', floorHeaders, [hot!]));
    // Then each other (user, tenant) pair exchanged exactly once, so every resolution misses the cache.
    const exchangeCold = await timed('exchange cold', exchangeTarget(platform.service.url, '/oauth2/token', clientHeaders, cold), cold.length);
    const exchangeColdFloor = await timed('floor: verify + SQL + sign', exchangeTarget(floor.url, '/token?resolve=1', floorHeaders, cold), cold.length);
    const exchangeHot = await timed('exchange hot', exchangeTarget(platform.service.url, '/oauth2/token', clientHeaders, [hot!]));
    const exchangeHotFloor = await timed('floor: verify + sign', exchangeTarget(floor.url, '/token', floorHeaders, [hot!]));

    const load = `${connections} connections`;
    return [
      measure({
        name: 'policy resolve, cache hot', value: resolveHot.rps, unit: 'calls/s', baseline: httpFloor.rps, compare: '≥', target: 0.5,
        detail: `${load}, ${seconds} s; GET /v1/policy/resolve with the service token, one (user, tenant); floor: bare Express answering constant JSON; CPU ms/request ${resolveHot.cpu} (floor: ${httpFloor.cpu})`,
      }),
      measure({
        name: 'policy resolve, cache cold', value: resolveCold.rps, unit: 'calls/s', baseline: resolveFloor.rps, compare: '≥', target: 0.65,
        detail: `${load}, ${seconds} s; a never-seen user each call; floor: bare Express running the platform's own resolve statement on a pool of ${MASTER_POOL_MAX}; CPU ms/request ${resolveCold.cpu} (floor: ${resolveFloor.cpu})`,
      }),
      measure({
        name: 'token exchange, cache hot', value: exchangeHot.rps, unit: 'calls/s', baseline: exchangeHotFloor.rps, compare: '≥', target: 0.5,
        detail: `${load}, ${seconds} s; one external token and tenant again and again; floor: bare Express verifying the external token (RS256) and signing an ES256 JWT; CPU ms/request ${exchangeHot.cpu} (floor: ${exchangeHotFloor.cpu})`,
      }),
      measure({
        name: 'token exchange, cache cold', value: exchangeCold.rps, unit: 'calls/s', baseline: exchangeColdFloor.rps, compare: '≥', target: 0.5,
        detail: `${load}; each of ${cold.length} (user, tenant) pairs once, each user's token new to the platform at its first call; floor: verify + the resolve statement + sign; CPU ms/request ${exchangeCold.cpu} (floor: ${exchangeColdFloor.cpu})`,
      }),
    ];
  } finally {
    for (const running of started.reverse()) await running.stop();
  }
}
