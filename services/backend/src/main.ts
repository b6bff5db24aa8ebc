// Entry point of the backend: config → token verifier → tenant routing (datasources, connections, caps) → entries API → HTTP.
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
import { createDatabasePools } from './routing/database-pools.js';
import { createTenantAdmission } from './routing/tenant-admission.js';
import { createTenantDatabase, type RoutingMode } from './routing/tenant-database.js';

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
  const metrics = createBackendMetrics(registry, {
    databases: () => pools.databases(), connections: () => pools.connections(), busyTenants: () => admission.busyTenants(),
  });
  const pools = createDatabasePools({
    maxConnections: config.BACKEND_MAX_CONNECTIONS, idleTimeoutMs: config.BACKEND_POOL_IDLE_TIMEOUT,
    applicationName: config.BACKEND_APPLICATION_NAME, onEvicted: () => metrics.connectionEvicted(), logger,
  });
  const admission = createTenantAdmission({ maxPerTenant: config.BACKEND_TENANT_MAX_CONCURRENCY });
  const mode: RoutingMode = config.BACKEND_ROUTING === 'role' ? { kind: 'role' } : {
    kind: 'login',
    ...(config.BACKEND_LOGIN_HOST === undefined || config.BACKEND_LOGIN_PORT === undefined
      ? {} : { via: { host: config.BACKEND_LOGIN_HOST, port: config.BACKEND_LOGIN_PORT } }),
  };
  const database = createTenantDatabase({ datasources, pools, admission, mode, logger });

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
  logger.info('backend started', { url: server.url, platform: config.BACKEND_PLATFORM_URL, routing: config.BACKEND_ROUTING, maxConnections: config.BACKEND_MAX_CONNECTIONS });

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
