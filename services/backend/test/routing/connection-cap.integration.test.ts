// The connection cap as a real process: a pool tenant and a silo tenant (two databases) through two connections,
// evictions counted, and never more connections to tenant storage than BACKEND_MAX_CONNECTIONS, as PostgreSQL sees them.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import pg from 'pg';
import { eventually, usePlatformStack, type NodeService } from '@tenantry/harness';
import { metricValue, request } from '../support/entries-client.js';

const maxConnections = 2;

describe('tenant connections under BACKEND_MAX_CONNECTIONS=2 (integration)', function () {
  this.timeout(120_000);
  const stack = usePlatformStack();
  const applicationName = `backend-pools-${randomBytes(3).toString('hex')}`;
  let backend: NodeService;
  let tokens: Record<'a' | 'b', string>;

  before(async function () {
    this.timeout(60_000);
    backend = await stack().startBackend({
      BACKEND_MAX_CONNECTIONS: String(maxConnections), BACKEND_TENANT_MAX_CONCURRENCY: String(maxConnections),
      BACKEND_APPLICATION_NAME: applicationName,
    });
    const { a, b } = stack().tenants;
    const [tokenA, tokenB] = await Promise.all([stack().token('alice', a), stack().token('hank', b)]);
    tokens = { a: tokenA, b: tokenB };
  });

  /** The most connections PostgreSQL showed for this backend while `work` ran, sampled continuously. */
  async function peakConnections(work: () => Promise<void>): Promise<number> {
    const observer = new pg.Client({ connectionString: stack().env.postgres.url });
    await observer.connect();
    let peak = 0;
    let running = true;
    const sampling = (async () => {
      while (running) {
        const { rows } = await observer.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
        peak = Math.max(peak, rows[0]?.n ?? 0);
      }
    })();
    try {
      await work();
    } finally {
      running = false;
      await sampling;
      await observer.end();
    }
    return peak;
  }

  it('serves alternating tenants of two databases, counts the evictions and stays within the connection cap', async () => {
    const evictionsBefore = await metricValue(backend.url, 'tenantry_backend_connection_evictions_total');
    const statuses: number[] = [];
    const rounds = 6;

    // When bursts of requests alternate between the two tenants
    const peak = await peakConnections(async () => {
      for (let round = 0; round < rounds; round += 1) {
        const tenant = round % 2 === 0 ? 'a' : 'b';
        const burst = await Promise.all(Array.from({ length: 8 }, () =>
          request(backend.url, tokens[tenant], 'POST', '/api/entries', { body: { title: `round ${round}`, tags: ['pools'] } })));
        statuses.push(...burst.map((response) => response.status));
      }
    });

    // Then every request worked, each switch evicted the other database's connections, and PostgreSQL never saw more
    // than the cap
    expect(statuses.every((status) => status === 201), JSON.stringify(statuses)).to.equal(true);
    const evictions = await metricValue(backend.url, 'tenantry_backend_connection_evictions_total') - evictionsBefore;
    expect(evictions).to.be.at.least(rounds - 1);
    expect(peak).to.be.within(1, maxConnections);
    expect(await metricValue(backend.url, 'tenantry_backend_database_pools')).to.equal(1);
    expect(await metricValue(backend.url, 'tenantry_backend_db_connections')).to.be.within(0, maxConnections);
  });

  it('still keeps each tenant\'s entries apart after the connections were swapped', async () => {
    const listA = await request<{ items: { title: string }[] }>(backend.url, tokens.a, 'GET', '/api/entries?tag=pools&limit=100');
    const listB = await request<{ items: { title: string }[] }>(backend.url, tokens.b, 'GET', '/api/entries?tag=pools&limit=100');

    expect(new Set(listA.body.items.map((item) => item.title))).to.deep.equal(new Set(['round 0', 'round 2', 'round 4']));
    expect(new Set(listB.body.items.map((item) => item.title))).to.deep.equal(new Set(['round 1', 'round 3', 'round 5']));
  });

  it('serves concurrent requests for both tenants, each waiting for a connection under the cap', async () => {
    const peak = await peakConnections(async () => {
      const responses = await Promise.all(Array.from({ length: 12 }, (_, index) =>
        request(backend.url, index % 2 === 0 ? tokens.a : tokens.b, 'GET', '/api/entries?limit=5')));

      expect(responses.map((response) => response.status)).to.deep.equal(Array.from({ length: 12 }, () => 200));
    });

    expect(peak).to.be.at.most(maxConnections);
  });

  it('logs a pooled connection that fails while idle under no request: neither the id nor the trace of the one that opened it', async () => {
    // Given a connection opened by a request with a known id
    const requestId = `opener-${randomBytes(4).toString('hex')}`;
    const opened = await request(backend.url, tokens.a, 'GET', '/api/entries?limit=1', { headers: { 'x-request-id': requestId } });
    expect(opened.status).to.equal(200);

    // When PostgreSQL ends the backend's idle connections
    const admin = new pg.Client({ connectionString: stack().env.postgres.url });
    await admin.connect();
    try {
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND state = $2', [applicationName, 'idle']);
    } finally {
      await admin.end();
    }

    // Then the failure is logged as the connection's, with no request's id
    const line = await eventually('the backend logs the idle connection failure', async () => {
      const log = await readFile(backend.process.logFile, 'utf8');
      return log.split('\n').filter((text) => text.includes('tenant storage connection failed')).map((text) => JSON.parse(text) as Record<string, unknown>)[0];
    });
    expect(line).to.not.have.any.keys('requestId', 'traceId', 'spanId', 'tenantId');
    expect(line['database']).to.be.a('string');
  });
});
