// Issue 18's rotation test through the whole platform: a steady stream of entries requests through the gateway and
// direct logins with the credentials Secret while the tenant's credentials rotate ten times. No request fails, no
// login with the Secret as it was read fails, and the password of before is refused once its grace period is over.
import { expect } from 'chai';
import pg from 'pg';
import {
  eventually, patchTenantSpec, readCredentials, readTenant, signIn, usePlatformStack, users, waitForReady, type NodeService, type TenantCredentials,
} from '@tenantry/harness';

const graceSeconds = 2;

async function login(credentials: TenantCredentials): Promise<void> {
  const client = new pg.Client({
    host: credentials.host, port: credentials.port, database: credentials.database, user: credentials.username, password: credentials.password,
  });
  await client.connect();
  try {
    await client.query('SELECT count(*) FROM entries');
  } finally {
    await client.end();
  }
}

/** Runs `step` back to back until stopped, keeping every failure it throws. */
function steadily(step: () => Promise<void>) {
  let running = true;
  let done = 0;
  const failures: string[] = [];
  const loop = (async () => {
    while (running) {
      try {
        await step();
        done++;
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
  })();
  return {
    failures, done: () => done,
    async stop() {
      running = false;
      await loop;
    },
  };
}

describe('credential rotation under load: no failed request, no failed login (integration)', function () {
  this.timeout(240_000);
  const stack = usePlatformStack();
  let gateway: NodeService;

  before(async () => {
    const backend = await stack().startBackend();
    // The plan's rate limit would answer this steady stream with 429s: one plan far above it.
    gateway = await stack().startGateway(backend, { GATEWAY_RATE_LIMITS: 'standard:1000000', GATEWAY_DEFAULT_PLAN: 'standard' });
  });

  it('rotates ten times under requests through the gateway and logins from the Secret, with none failing', async () => {
    const { a } = stack().tenants;
    const { env } = stack();
    await patchTenantSpec(env, a, { credentials: { gracePeriod: `${graceSeconds}s` } });
    await waitForReady(env, a);
    const before = await readCredentials(env, a);
    const alice = (await signIn(stack().identityUrl, users.alice.email)).accessToken;
    const requests = [0, 1, 2, 3].map(() => steadily(async () => {
      const response = await fetch(`${gateway.url}/api/entries?limit=5`, { headers: { authorization: `Bearer ${alice}`, 'x-tenant-id': a } });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    }));
    // A consumer that reads the Secret before each login, as one watching it or re-reading a mounted file does.
    const logins = steadily(async () => login(await readCredentials(env, a)));
    try {
      for (let round = 1; round <= 10; round++) {
        const request = `system-${round}`;
        const annotate = await env.kubectl(['annotate', 'tenant', a, `tenantry.dev/rotate-credentials=${request}`, '--overwrite']);
        expect(annotate.code, annotate.stderr).to.equal(0);
        await eventually(`rotation ${request} carried out and its predecessor retired`, async () => {
          const credentials = (await readTenant(env, a))?.status?.credentials;
          return credentials?.rotationRequest === request && credentials.retiring === undefined;
        }, { timeoutMs: 30_000 });
      }
    } finally {
      await Promise.all([...requests, logins].map((loop) => loop.stop()));
    }
    const served = requests.reduce((sum, loop) => sum + loop.done(), 0);
    process.stdout.write(`      ten rotations: ${served} requests through the gateway, ${logins.done()} logins from the Secret\n`);
    const failed = requests.flatMap((loop) => loop.failures);
    expect(failed, `failed requests through the gateway: ${[...new Set(failed)].join('; ')}`).to.deep.equal([]);
    expect(logins.failures, 'failed logins with the Secret as read').to.deep.equal([]);
    expect(served).to.be.greaterThan(10);
    const refusal = await login(before).then(() => 'accepted', (error: Error) => error.message);
    expect(refusal, 'the password of before the rotations').to.match(/is not permitted to log in|password authentication failed/);
  });
});
