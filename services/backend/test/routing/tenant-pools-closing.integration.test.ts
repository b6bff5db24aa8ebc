// Closing a tenant's pool never breaks a request still running on it: the soak found a refused login of one request
// dropping the pool a concurrent request had just opened ("Cannot use a pool after calling end on the pool", a 500).
import { expect } from 'chai';
import { quietLogger, sharedEnvironment, type Environment } from '@tenantry/harness';
import type { Datasource } from '@tenantry/runtime';
import { createTenantPools, type TenantPools } from '../../src/routing/tenant-pools.js';

describe('tenant pools: closing a busy pool (integration, real PostgreSQL)', function () {
  this.timeout(60_000);
  let env: Environment;
  let pools: TenantPools;
  let datasource: Datasource;

  before(async () => {
    env = await sharedEnvironment();
    const { host, port, superuser, password } = env.postgres;
    datasource = { tenant: 'closing', host, port, database: 'postgres', schema: 'public', username: superuser, password, sslMode: 'disable' };
  });
  beforeEach(() => {
    pools = createTenantPools({
      maxPools: 4, maxConnections: 8, maxPerTenant: 2, idleTimeoutMs: 30_000, applicationName: 'tenant-pools-closing',
      onEvicted: () => undefined, logger: quietLogger('backend-test'),
    });
  });
  afterEach(async () => pools.close());

  it('lets a request finish on a pool dropped under it, and gives the next request a new pool', async () => {
    let used: unknown;
    const answer = await pools.use(datasource, async (pool) => {
      used = pool;
      const dropped = pools.drop(datasource.tenant);
      void dropped;
      const { rows } = await pool.query<{ one: number }>('SELECT 1 AS one');
      expect(pools.openPools(), 'no longer handed out').to.equal(0);
      return rows[0]?.one;
    });
    expect(answer).to.equal(1);

    const next = await pools.use(datasource, async (pool) => {
      expect(pool).to.not.equal(used);
      return (await pool.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one;
    });
    expect(next).to.equal(1);
  });

  it('closes the dropped pool once its last request has settled', async () => {
    let closed = false;
    let dropped: Promise<void> | undefined;
    await pools.use(datasource, async (pool) => {
      dropped = pools.drop(datasource.tenant).then(() => { closed = true; });
      await pool.query('SELECT pg_sleep(0.05)');
      expect(closed, 'still open while the request runs').to.equal(false);
    });
    await dropped;
    expect(closed).to.equal(true);
  });
});
