// The floor of the HTTP figures, run as its own process: a bare Express app doing the same SQL (and, for the token
// figures, the same signature work) as our services, without their middleware, auth, routing or logging.
import express from 'express';
import pg from 'pg';
import { entriesFloorRouter } from './entries-floor.js';
import { policyFloorRouter } from './policy-floor.js';

const setting = (name: string): string | undefined => process.env[name] || undefined;

async function main(): Promise<void> {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '256kb' }));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // The HTTP floor itself: Express answering a constant JSON document.
  app.get('/static', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const pools: pg.Pool[] = [];
  const poolOf = (url: string) => {
    const pool = new pg.Pool({ connectionString: url, max: Number(setting('FLOOR_POOL_MAX') ?? 10) });
    pools.push(pool);
    return pool;
  };
  const tenantDatabase = setting('FLOOR_TENANT_DATABASE_URL');
  if (tenantDatabase !== undefined) app.use(entriesFloorRouter(poolOf(tenantDatabase)));
  const masterDatabase = setting('FLOOR_MASTER_DATABASE_URL');
  const issuer = setting('FLOOR_OIDC_ISSUER');
  if (masterDatabase !== undefined && issuer !== undefined) app.use(await policyFloorRouter({ pool: poolOf(masterDatabase), issuer }));

  const server = app.listen(Number(setting('FLOOR_PORT') ?? 0), '127.0.0.1');
  const stop = () => {
    server.close();
    server.closeAllConnections();
    void Promise.all(pools.map((pool) => pool.end())).finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`floor: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
