// Entry point of the backend: config → token verifier → tenant routing (datasources, pools) → entries API → HTTP.
import { createLogger, createMetricsRegistry, internalKeepAliveTimeoutMs, onShutdown, startHttpServer, startTelemetry } from '@tenantry/runtime';
import { createBackendApp } from './app.js';
import { createInternalTokenVerifier } from './auth/internal-token-verifier.js';
import { loadBackendConfig } from './config.js';
import { createEntriesRouter } from './entries/entries-router.js';
import { createEntriesService } from './entries/entries-service.js';
import { createApiCatalog } from './http/api-operations.js';
import { buildOpenApiDocument } from './http/openapi-document.js';
import { createBackendMetrics } from './metrics.js';
import { createDatasourceClient } from './routing/datasource-client.js';
import { createTenantDatabase } from './routing/tenant-database.js';
import { createTenantPools } from './routing/tenant-pools.js';

async function main(): Promise<void> {
  const config = loadBackendConfig();
  const logger = createLogger({ service: 'backend', level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  const telemetry = await startTelemetry({ service: 'backend', logger });
  // Registered first, so it runs last: the spans of the shutdown itself are exported too.
  onShutdown(() => telemetry.shutdown(), { logger, name: 'telemetry' });
  const registry = createMetricsRegistry({ service: 'backend' });

  const verifier = createInternalTokenVerifier({
    platformUrl: config.BACKEND_PLATFORM_URL, issuer: config.BACKEND_TOKEN_ISSUER, audience: config.BACKEND_TOKEN_AUDIENCE,
  });
  const datasources = createDatasourceClient({
    platformUrl: config.BACKEND_PLATFORM_URL, serviceToken: config.BACKEND_PLATFORM_SERVICE_TOKEN, ttlMs: config.BACKEND_DATASOURCE_TTL,
  });
  // The gauges read the pools at scrape time only, after both exist.
  const metrics = createBackendMetrics(registry, { openPools: () => pools.openPools(), connections: () => pools.connections() });
  const pools = createTenantPools({
    maxPools: config.BACKEND_MAX_POOLS, maxConnections: config.BACKEND_MAX_CONNECTIONS, maxPerTenant: config.BACKEND_POOL_MAX,
    idleTimeoutMs: config.BACKEND_POOL_IDLE_TIMEOUT, applicationName: config.BACKEND_APPLICATION_NAME,
    onEvicted: () => metrics.poolEvicted(), logger,
  });
  const database = createTenantDatabase({ datasources, pools, logger });

  const catalog = createApiCatalog();
  const routers = [createEntriesRouter({ catalog, entries: createEntriesService({ database }) })];
  let stopping = false;
  const app = createBackendApp({
    logger, registry, verifier, routers,
    openApiDocument: buildOpenApiDocument(catalog, { title: 'Tenantry entries API', version: '0.1.0' }),
    // Tenant storage is reached per request; nothing shared must be up before traffic may come.
    ready: () => !stopping,
  });
  const server = await startHttpServer({
    app, port: config.BACKEND_PORT, host: config.BACKEND_HOST, logger, keepAliveTimeoutMs: internalKeepAliveTimeoutMs,
  });
  logger.info('backend started', { url: server.url, platform: config.BACKEND_PLATFORM_URL, maxPools: config.BACKEND_MAX_POOLS });

  onShutdown(async () => {
    stopping = true;
    await server.close();
    await pools.close();
  }, { logger, timeoutMs: 20_000 });
}

main().catch((error: unknown) => {
  process.stderr.write(`backend: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
