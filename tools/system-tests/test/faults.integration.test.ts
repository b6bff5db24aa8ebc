// Faults with real processes: the operator SIGKILLed at each reconcile step, PostgreSQL restarted while tenants
// are provisioned and while writes flow, kube-apiserver restarted under every watch, the platform down while the
// gateway holds cached tokens, the backend losing a tenant's connections. After each: every tenant Ready, no
// duplicate or orphan database, role or Secret, and every write the API acknowledged is there. The table of
// faults and outcomes is printed at the end.
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import pg from 'pg';
import { CoreV1Api } from '@kubernetes/client-node';
import {
  createTenant, deleteTenant, eventually, harnessServer, operatorNamespace, signIn, startOperator, tailOf, uniqueTenantName,
  usePlatformStack, users, waitForReady, type Environment, type NodeService,
} from '@tenantry/harness';

interface Outcome { readonly fault: string; readonly outcome: string }

/** Counts, as PostgreSQL and the API server see them, of everything storage a tenant may have. */
async function storageCensus(env: Environment, tenant: string): Promise<{ roles: number; databases: number; schemas: number; secrets: number }> {
  const base = `tenant_${tenant.replaceAll('-', '_')}`;
  const admin = new pg.Client({ connectionString: env.postgres.url });
  await admin.connect();
  try {
    const roles = await admin.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_roles WHERE rolname LIKE $1 || '%'", [base]);
    const databases = await admin.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_database WHERE datname LIKE $1 || '%'", [base]);
    const pool = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_database WHERE datname = $1', ['tenantry_pool']);
    let schemas = 0;
    if ((pool.rows[0]?.n ?? 0) > 0) {
      const url = new URL(env.postgres.url);
      url.pathname = '/tenantry_pool';
      const poolClient = new pg.Client({ connectionString: url.toString() });
      await poolClient.connect();
      try {
        schemas = (await poolClient.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1', [base])).rows[0]?.n ?? 0;
      } finally {
        await poolClient.end();
      }
    }
    const secrets = await env.kubeConfig().makeApiClient(CoreV1Api).listNamespacedSecret({
      namespace: operatorNamespace, labelSelector: `tenantry.dev/tenant=${tenant}`,
    });
    return { roles: roles.rows[0]?.n ?? 0, databases: databases.rows[0]?.n ?? 0, schemas, secrets: secrets.items.length };
  } finally {
    await admin.end();
  }
}

/** One role, one Secret, and the tier's one database (silo) or one schema (pool): nothing doubled, nothing left over. */
async function expectExactlyOnce(env: Environment, tenant: string, tier: 'pool' | 'silo'): Promise<void> {
  expect(await storageCensus(env, tenant), tenant).to.deep.equal({
    roles: 1, databases: tier === 'silo' ? 1 : 0, schemas: tier === 'pool' ? 1 : 0, secrets: 1,
  });
}

interface Writer {
  /** Ids of the entries the API answered 201 for. */
  readonly acknowledged: string[];
  /** Status (or network error) of every write that was not acknowledged. */
  readonly refused: Map<string, number>;
  stop(): Promise<void>;
}

/** Writes entries through `url` as fast as one client can, until stopped. */
function startWriter(url: string, token: () => string, tenant: string, tag: string): Writer {
  const acknowledged: string[] = [];
  const refused = new Map<string, number>();
  let running = true;
  const loop = (async () => {
    for (let n = 0; running; n += 1) {
      const outcome: { id?: string; status?: string } = await fetch(`${url}/api/entries`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token()}`, 'x-tenant-id': tenant, 'content-type': 'application/json' },
        body: JSON.stringify({ title: `write ${n}`, tags: [tag] }),
        signal: AbortSignal.timeout(10_000),
      }).then(async (response) => {
        if (response.status === 201) return { id: ((await response.json()) as { id: string }).id };
        await response.body?.cancel();
        return { status: String(response.status) };
      }, () => ({ status: 'network error' }));
      if (outcome.id !== undefined) {
        acknowledged.push(outcome.id);
        continue;
      }
      const status = outcome.status ?? 'unknown';
      refused.set(status, (refused.get(status) ?? 0) + 1);
      // A refused write is retried by the next one; pausing keeps a dead upstream from becoming a busy loop.
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  return {
    acknowledged, refused,
    async stop() {
      running = false;
      await loop;
    },
  };
}

/** Every id of the tenant's entries with `tag`, read page by page through the API. */
async function storedIds(url: string, token: string, tenant: string, tag: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ tag, limit: '100', ...(cursor === null ? {} : { cursor }) });
    const response = await fetch(`${url}/api/entries?${query.toString()}`, { headers: { authorization: `Bearer ${token}`, 'x-tenant-id': tenant } });
    expect(response.status, await response.clone().text()).to.equal(200);
    const page = await response.json() as { items: { id: string }[]; nextCursor: string | null };
    for (const item of page.items) ids.add(item.id);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return ids;
}

const describeRefusals = (refused: Map<string, number>) =>
  refused.size === 0 ? 'none refused' : [...refused].map(([status, count]) => `${count}× ${status}`).join(', ');

describe('faults with real processes (integration): nothing acknowledged is lost, nothing is left half-made', function () {
  this.timeout(300_000);
  const stack = usePlatformStack();
  const outcomes: Outcome[] = [];
  let backend: NodeService;
  let gateway: NodeService;
  let aliceToken: string;

  before(async () => {
    backend = await stack().startBackend();
    gateway = await stack().startGateway(backend);
    aliceToken = (await signIn(stack().identityUrl, users.alice.email)).accessToken;
  });

  after(() => {
    if (outcomes.length === 0) return;
    const width = Math.max(...outcomes.map(({ fault }) => fault.length));
    process.stdout.write(`\n      fault${' '.repeat(width - 5)}  outcome\n`);
    for (const { fault, outcome } of outcomes) process.stdout.write(`      ${fault.padEnd(width)}  ${outcome}\n`);
  });

  for (const step of ['after-placement', 'after-secret', 'after-role', 'after-storage', 'after-migrations'] as const) {
    it(`the operator SIGKILLed ${step}: the next one finishes both tiers, with nothing doubled`, async () => {
      const { env } = stack();
      await stack().operator.stop();
      const names = { pool: uniqueTenantName('kill-pool'), silo: uniqueTenantName('kill-silo') };
      try {
        // Both at once: the first to reach the step kills the process, the other stops wherever it was
        const doomed = await startOperator(env, { failpoints: [step] });
        await Promise.all((['pool', 'silo'] as const).map((tier) => createTenant(env, names[tier], { tier })));
        expect(await doomed.process.exited, `the failpoint ${step} killed the operator`).to.equal(null);
      } finally {
        await stack().operator.restart();
      }
      for (const tier of ['pool', 'silo'] as const) {
        await waitForReady(env, names[tier]);
        await expectExactlyOnce(env, names[tier], tier);
      }
      outcomes.push({ fault: `operator SIGKILLed ${step}`, outcome: 'both tiers Ready, one role/Secret/storage each' });
      await Promise.all(Object.values(names).map((name) => deleteTenant(env, name)));
    });
  }

  it('the operator SIGKILLed after releasing a deleted tenant\'s storage: the next one finishes the deletion, nothing left', async () => {
    const { env } = stack();
    const name = uniqueTenantName('kill-del');
    await createTenant(env, name, { tier: 'silo', deletionPolicy: 'Delete' });
    await waitForReady(env, name);
    await stack().operator.stop();
    try {
      const doomed = await startOperator(env, { failpoints: ['after-release'] });
      await deleteTenant(env, name);
      expect(await doomed.process.exited).to.equal(null);
    } finally {
      await stack().operator.restart();
    }
    await eventually(`tenant ${name} is gone`, async () => (await env.kubectl(['get', 'tenant', name])).code !== 0);
    expect(await storageCensus(env, name)).to.deep.equal({ roles: 0, databases: 0, schemas: 0, secrets: 0 });
    outcomes.push({ fault: 'operator SIGKILLed after-release', outcome: 'deletion finished, no role, database or Secret left' });
  });

  it('PostgreSQL restarted while ten tenants are provisioned: all Ready, each made once', async () => {
    const { env } = stack();
    const names = Array.from({ length: 10 }, (_, index) => ({ name: uniqueTenantName('pgmid'), tier: index % 2 === 0 ? 'pool' as const : 'silo' as const }));
    await Promise.all(names.map(({ name, tier }) => createTenant(env, name, { tier })));
    await env.postgres.stop();
    await env.postgres.start();
    for (const { name, tier } of names) {
      await waitForReady(env, name, 90_000);
      await expectExactlyOnce(env, name, tier);
    }
    outcomes.push({ fault: 'PostgreSQL restarted mid-provisioning', outcome: '10/10 Ready, one role/Secret/storage each' });
    await Promise.all(names.map(({ name }) => deleteTenant(env, name)));
  });

  it('PostgreSQL restarted while writes flow through the gateway: every acknowledged write is stored', async () => {
    const { env, tenants } = stack();
    const tag = `pg-${randomBytes(3).toString('hex')}`;
    const writer = startWriter(gateway.url, () => aliceToken, tenants.a, tag);
    try {
      await eventually(`some writes are acknowledged (refused so far: ${describeRefusals(writer.refused)})`, () => writer.acknowledged.length >= 20);
      await env.postgres.stop();
      await env.postgres.start();
      const before = writer.acknowledged.length;
      await eventually('writes are acknowledged again after the restart', () => writer.acknowledged.length >= before + 20, { timeoutMs: 60_000 });
    } finally {
      await writer.stop();
    }
    const stored = await storedIds(gateway.url, aliceToken, tenants.a, tag);
    const missing = writer.acknowledged.filter((id) => !stored.has(id));
    expect(missing, 'acknowledged writes missing').to.deep.equal([]);
    expect([...writer.refused.keys()].filter((status) => !['503', 'network error'].includes(status)), describeRefusals(writer.refused)).to.deep.equal([]);
    outcomes.push({ fault: 'PostgreSQL restarted mid-request', outcome: `${writer.acknowledged.length} acknowledged, all stored; ${describeRefusals(writer.refused)}` });
  });

  it('kube-apiserver restarted: the operator, the platform and the gateway resume their watches', async () => {
    const { env, platform } = stack();
    // The production lease timings (15 s, renewal deadline 10 s): a restart of a few seconds must not cost the
    // leader its lease. (The tests' usual 2 s deadline would make it exit, and Kubernetes restart it.)
    await stack().operator.stop();
    const leader = await startOperator(env, { leaseDuration: '15s', env: { OPERATOR_RENEW_DEADLINE: '10s', OPERATOR_RETRY_PERIOD: '1s' } });
    let lease = 'lease kept';
    try {
      const restarted = Date.now();
      await env.restartKubeApiServer();
      // An outage longer than the renewal deadline (a loaded machine) makes the leader exit, by design: it must not
      // reconcile without the lease. Kubernetes restarts it; so does this test, and says so.
      const exited = await Promise.race([leader.process.exited.then(() => true), renewedSince(env, restarted)]);
      if (exited) {
        lease = 'lease lost and the operator restarted (outage beyond the 10 s renewal deadline)';
        await leader.restart();
      }
      await resumedWatches(env, platform, leader);
    } finally {
      await leader.stop();
      await stack().operator.restart();
    }
    outcomes.push({ fault: 'kube-apiserver restarted', outcome: `watches resumed, ${lease}: a new tenant provisioned, listed and served` });
  });

  /** Resolves false once the lease shows a renewal after `since`: the leader came through the outage leading. */
  async function renewedSince(env: Environment, since: number): Promise<false> {
    await eventually('the leader renews its lease after the restart', async () => {
      const lease = await env.kubectl(['get', 'lease', '-n', operatorNamespace, '-o', 'json']);
      const items = (JSON.parse(lease.stdout || '{"items":[]}') as { items: { spec?: { renewTime?: string } }[] }).items;
      return items.some((item) => Date.parse(item.spec?.renewTime ?? '') > since);
    }, { timeoutMs: 30_000 });
    return false;
  }

  /** A tenant created after the restart is provisioned (operator), listed (platform) and served (gateway). */
  async function resumedWatches(env: Environment, platform: NodeService, operator: NodeService): Promise<void> {
    const name = uniqueTenantName('after-restart');
    await eventually('the API server takes writes again', () => createTenant(env, name, { tier: 'pool', admins: [users.alice.email] }).then(() => true));
    await waitForReady(env, name).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}; the operator's log ends:\n${tailOf(operator.process.logFile, 25)}`, { cause: error });
    });
    const admin = (await signIn(stack().identityUrl, 'admin@tenantry.dev')).accessToken;
    await eventually('the platform lists the new tenant', async () => {
      const response = await fetch(`${platform.url}/v1/tenants/${name}`, { headers: { authorization: `Bearer ${admin}` } });
      return response.status === 200 && ((await response.json()) as { phase: string }).phase === 'Ready';
    });
    const alice = await signIn(stack().identityUrl, users.alice.email);
    await eventually('the gateway serves the new tenant', async () => {
      const response = await fetch(`${gateway.url}/api/entries`, {
        headers: { authorization: `Bearer ${alice.accessToken}`, 'x-id-token': alice.idToken, 'x-tenant-id': name },
      });
      await response.body?.cancel();
      return response.status === 200;
    }, { timeoutMs: 60_000 });
    await expectExactlyOnce(env, name, 'pool');
    await deleteTenant(env, name);
  }

  it('the platform down while the gateway holds cached tokens: cached callers are served, new ones told to retry', async () => {
    const { tenants, platform } = stack();
    // Given alice's token exchanged and her tenant's pool warm
    const warm = await fetch(`${gateway.url}/api/entries`, { headers: { authorization: `Bearer ${aliceToken}`, 'x-tenant-id': tenants.a } });
    expect(warm.status).to.equal(200);
    const hank = (await signIn(stack().identityUrl, users.hank.email)).accessToken;
    await platform.stop();
    let served = 0;
    try {
      for (let i = 0; i < 20; i += 1) {
        const response = await fetch(`${gateway.url}/api/entries`, { headers: { authorization: `Bearer ${aliceToken}`, 'x-tenant-id': tenants.a } });
        await response.body?.cancel();
        if (response.status === 200) served += 1;
      }
      const uncached = await fetch(`${gateway.url}/api/entries`, { headers: { authorization: `Bearer ${hank}`, 'x-tenant-id': tenants.b } });
      expect(uncached.status).to.equal(503);
      expect(Number(uncached.headers.get('retry-after'))).to.be.greaterThan(0);
      await uncached.body?.cancel();
    } finally {
      await platform.restart();
    }
    expect(served, 'requests with a cached token served while the platform was down').to.equal(20);
    outcomes.push({ fault: 'platform down, gateway tokens cached', outcome: '20/20 cached requests served; an uncached exchange: 503 + Retry-After' });
  });

  it('the backend losing a tenant\'s connections: the writes it acknowledged are stored, and it serves again at once', async () => {
    const { env, tenants } = stack();
    const tag = `conn-${randomBytes(3).toString('hex')}`;
    const writer = startWriter(gateway.url, () => aliceToken, tenants.a, tag);
    try {
      await eventually('some writes are acknowledged', () => writer.acknowledged.length >= 20);
      // The backend's sessions log in as the server's authenticator (shared by its tenants), named in its status.
      const authenticator = (await env.kubectl(['get', 'databaseserver', harnessServer, '-o', 'jsonpath={.status.authenticator.role}'])).stdout.trim();
      const admin = new pg.Client({ connectionString: env.postgres.url });
      await admin.connect();
      try {
        const { rows } = await admin.query<{ n: number }>(
          'SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE usename = $1', [authenticator]);
        expect(rows[0]?.n, 'connections ended').to.be.greaterThan(0);
      } finally {
        await admin.end();
      }
      const before = writer.acknowledged.length;
      await eventually('writes are acknowledged again', () => writer.acknowledged.length >= before + 20);
    } finally {
      await writer.stop();
    }
    const stored = await storedIds(gateway.url, aliceToken, tenants.a, tag);
    expect(writer.acknowledged.filter((id) => !stored.has(id)), 'acknowledged writes missing').to.deep.equal([]);
    expect([...writer.refused.keys()].filter((status) => status !== '503'), describeRefusals(writer.refused)).to.deep.equal([]);
    outcomes.push({ fault: 'backend lost a tenant\'s connections', outcome: `${writer.acknowledged.length} acknowledged, all stored; ${describeRefusals(writer.refused)}` });
  });
});
