// Entry point of the platform service: config → master database → Kubernetes watch → signing keys → services → HTTP.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { KubeConfig } from '@kubernetes/client-node';
import { createLogger, createMetricsRegistry, internalKeepAliveTimeoutMs, onShutdown, startHttpServer, startTelemetry, createExternalTokenVerifier } from '@tenantry/runtime';
import { createPlatformApp } from './app.js';
import { createAccessControl } from './auth/access-control.js';
import { createAuthenticator } from './auth/authentication.js';

import { createStaticServiceCredentials } from './auth/service-credentials.js';
import { loadPlatformConfig, tokenAudiencesOf, tokenIssuerOf } from './config.js';
import { createConnectionBudget } from './database/connection-budget.js';
import { createMasterDatabase, migrateMasterDatabase } from './database/master-database.js';
import { createDatasourceRouter } from './datasources/datasource-router.js';
import { createDatasourceService } from './datasources/datasource-service.js';
import { createApiCatalog } from './http/api-operations.js';
import { buildOpenApiDocument } from './http/openapi-document.js';
import { createPlatformMetrics } from './metrics.js';
import { createMembershipRouter } from './policy/membership-router.js';
import { createMembershipService } from './policy/membership-service.js';
import { createPolicyChangeFeed } from './policy/policy-change-feed.js';
import { createPolicyChanges } from './policy/policy-changes.js';
import { createHotPolicyRouter } from './policy/policy-hot-router.js';
import { createPolicyRouter } from './policy/policy-router.js';
import { createPolicyService } from './policy/policy-service.js';
import { createResolutionCache } from './policy/resolution-cache.js';
import { createMyTenantsRouter } from './tenants/my-tenants-router.js';
import { startTenantAdminSync } from './tenants/tenant-admin-sync.js';
import { createTenantEventLog } from './tenants/tenant-event-log.js';
import { createTenantEventsRouter } from './tenants/tenant-events-router.js';
import { createTenantRegistry } from './tenants/tenant-registry.js';
import { createTenantRouter } from './tenants/tenant-router.js';
import { createTenantWatch } from './tenants/tenant-watch.js';
import { createLifecycleOutbox } from './lifecycle/lifecycle-outbox.js';
import { startLifecycleRecorder } from './lifecycle/lifecycle-recorder.js';
import { createExchangeClients } from './tokens/exchange-clients.js';
import { createJwksRouter } from './tokens/jwks-router.js';
import { createKeyStore, openKeySource } from './tokens/key-store.js';
import { createTokenExchange } from './tokens/token-exchange.js';
import { createTokenIssuer } from './tokens/token-issuer.js';
import { createTokenRouter } from './tokens/token-router.js';
import { createDeliveryDispatcher } from './webhooks/delivery-dispatcher.js';
import { createDeliveryRepository } from './webhooks/delivery-repository.js';
import { createSecretBox } from './webhooks/webhook-secret-box.js';
import { createWebhookRouter } from './webhooks/webhook-router.js';
import { createWebhookSender } from './webhooks/webhook-sender.js';
import { createWebhookService } from './webhooks/webhook-service.js';

async function main(): Promise<void> {
  const config = loadPlatformConfig();
  const logger = createLogger({ service: 'platform', level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  const telemetry = await startTelemetry({ service: 'platform', logger });
  // Registered first, so it runs last: the spans of the shutdown itself are exported too.
  onShutdown(() => telemetry.shutdown(), { logger, name: 'telemetry' });
  const databaseUrl = config.PLATFORM_DATABASE_URL;
  await migrateMasterDatabase({ databaseUrl, dir: config.PLATFORM_MIGRATIONS_DIR, logger });
  const database = createMasterDatabase(databaseUrl, logger);
  const { pool } = database;

  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromDefault();
  const watch = createTenantWatch({ kubeConfig, logger });
  const tenants = createTenantRegistry({ kubeConfig, watch, logger });
  const registry = createMetricsRegistry({ service: 'platform' });
  const metrics = createPlatformMetrics(registry, { tenants: () => watch.list() });

  const origin = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const cache = createResolutionCache();
  const changes = createPolicyChanges({ pool, cache, origin });
  const feed = createPolicyChangeFeed({ databaseUrl, cache, origin, logger });
  const adminGroup = config.PLATFORM_ADMIN_GROUP;
  const policy = createPolicyService({ pool, changes, cache, adminGroup, onResolve: (cached) => metrics.resolution(cached) });
  const memberships = createMembershipService({ pool, changes, tenantExists: (name) => tenants.exists(name), logger });
  const access = createAccessControl({ policy, adminGroup });
  const datasources = createDatasourceService({ kubeConfig, namespace: config.PLATFORM_TENANT_SECRETS_NAMESPACE, tenants, logger });

  const verifier = createExternalTokenVerifier({
    issuer: config.PLATFORM_OIDC_ISSUER,
    clientIds: config.PLATFORM_OIDC_CLIENT_IDS,
    ...(config.PLATFORM_OIDC_AUDIENCE === undefined ? {} : { audience: config.PLATFORM_OIDC_AUDIENCE }),
  });
  const authenticator = createAuthenticator({
    verifier,
    services: createStaticServiceCredentials({ tokens: config.PLATFORM_SERVICE_TOKEN }),
    onUser: (principal) => memberships.recordUser({
      userId: principal.subject, emailVerified: principal.emailVerified, ...(principal.email === undefined ? {} : { email: principal.email }),
    }),
    logger,
  });
  const keys = createKeyStore({
    source: await openKeySource({
      file: config.PLATFORM_SIGNING_KEYS_FILE, secret: config.PLATFORM_SIGNING_KEYS_SECRET,
      refreshMs: config.PLATFORM_SIGNING_KEYS_REFRESH, kubeConfig, logger,
    }),
    maxTokenLifetimeMs: config.PLATFORM_TOKEN_TTL,
    logger,
  });
  const tokenIssuer = tokenIssuerOf(config);
  const exchange = createTokenExchange({
    verifier, policy, memberships, tenantExists: (name) => tenants.exists(name),
    issuer: createTokenIssuer({ keys, issuer: tokenIssuer, ttlSeconds: config.PLATFORM_TOKEN_TTL / 1000 }),
    defaultAudience: config.PLATFORM_TOKEN_AUDIENCE, audiences: tokenAudiencesOf(config), logger,
  });
  const exchangeClients = config.PLATFORM_EXCHANGE_CLIENTS ?? [];

  // Half the master pool for watch-driven and webhook work at most: API requests keep the other half.
  const background = createConnectionBudget(5);
  const urlPolicy = { allowHttp: config.PLATFORM_WEBHOOK_ALLOW_HTTP, allowPrivateAddresses: config.PLATFORM_WEBHOOK_ALLOW_PRIVATE_ADDRESSES };
  const secrets = config.PLATFORM_WEBHOOK_SECRETS_KEY === undefined ? undefined : createSecretBox(config.PLATFORM_WEBHOOK_SECRETS_KEY);
  const sender = createWebhookSender({ urlPolicy, timeoutMs: config.PLATFORM_WEBHOOK_TIMEOUT });
  const dispatcher = secrets === undefined ? undefined : createDeliveryDispatcher({
    deliveries: createDeliveryRepository(pool), secrets, replica: origin, logger, budget: background,
    send: sender,
    settings: {
      leaseMs: config.PLATFORM_WEBHOOK_LEASE, retryBaseMs: config.PLATFORM_WEBHOOK_RETRY_BASE, retryMaxMs: config.PLATFORM_WEBHOOK_RETRY_MAX,
      maxAttempts: config.PLATFORM_WEBHOOK_MAX_ATTEMPTS, pollMs: config.PLATFORM_WEBHOOK_POLL, concurrency: config.PLATFORM_WEBHOOK_CONCURRENCY,
    },
  });
  const webhooks = createWebhookService({ pool, secrets, urlPolicy, onDue: () => dispatcher?.wake() });

  const catalog = createApiCatalog();
  const http = { authenticator, accessControl: access, catalog };
  const tenantEvents = createTenantEventsRouter({ http, tenants, log: createTenantEventLog({ watch }), logger });
  const routers = [
    tenantEvents.router,
    createMyTenantsRouter({ http, verifier, memberships, policy, tenants, access }),
    createTenantRouter({ http, tenants }),
    createPolicyRouter({ http, policy, access }),
    createMembershipRouter({ http, memberships }),
    createDatasourceRouter({ http, datasources }),
    createWebhookRouter({ http, webhooks }),
    createTokenRouter({ catalog, clients: createExchangeClients(exchangeClients), exchange, metrics, logger }),
    createJwksRouter({ catalog, keys, issuer: tokenIssuer }),
  ];
  const app = createPlatformApp({
    logger,
    registry,
    hotRouters: [createHotPolicyRouter({ http, policy, access })],
    routers,
    openApiDocument: buildOpenApiDocument(catalog, { title: 'Tenantry platform API', version: '0.1.0' }),
    ready: async () => watch.synced() && await database.reachable(),
  });

  await feed.start();
  // Subscribed before the watch starts, so the first list's tenants are synced too.
  const adminSync = startTenantAdminSync({ watch, memberships, logger, budget: background });
  const recorder = startLifecycleRecorder({
    watch, outbox: createLifecycleOutbox(pool), budget: background, logger, onDeliveries: () => dispatcher?.wake(),
  });
  const server = await startHttpServer({
    app, port: config.PLATFORM_PORT, host: config.PLATFORM_HOST, logger, keepAliveTimeoutMs: internalKeepAliveTimeoutMs,
  });
  void watch.start().then(() => recorder.reconcileDeletions()).catch((error: unknown) => {
    logger.warn('deletions while unwatched not reconciled', { error });
  });
  dispatcher?.start();
  if (dispatcher === undefined) logger.warn('PLATFORM_WEBHOOK_SECRETS_KEY not set; lifecycle events are recorded but no webhook is delivered');
  logger.info('platform started', { url: server.url, issuer: config.PLATFORM_OIDC_ISSUER, tokenIssuer, origin });
  if (config.PLATFORM_TOKEN_ISSUER === undefined) logger.warn('PLATFORM_TOKEN_ISSUER not set; tokens name this process\'s URL as issuer', { tokenIssuer });
  if (exchangeClients.length === 0) logger.warn('PLATFORM_EXCHANGE_CLIENTS not set; the token endpoint refuses every caller');

  onShutdown(async () => {
    // Open event streams would hold the server's drain until its timeout; their clients reconnect elsewhere.
    tenantEvents.close();
    await server.close();
    await watch.stop();
    await adminSync.stop();
    await recorder.stop();
    await dispatcher?.stop();
    await sender.close();
    await feed.stop();
    keys.close();
    await database.close();
  }, { logger, timeoutMs: 20_000 });
}

main().catch((error: unknown) => {
  process.stderr.write(`platform: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
