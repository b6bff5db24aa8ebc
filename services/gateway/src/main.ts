// Entry point of the gateway: config → Tenant watch → verifier, gate, limiter, token cache, proxies → HTTP.
import { KubeConfig } from '@kubernetes/client-node';
import { createLogger, createMetricsRegistry, onShutdown, startHttpServer, startTelemetry } from '@tenantry/runtime';
import { createGatewayApp } from './app.js';
import { loadGatewayConfig, webClientIdOf } from './config.js';
import { createExternalTokenVerifier } from './external-token-verifier.js';
import { createGatewayMetrics } from './metrics.js';
import { createInFlightLimits } from './in-flight-limits.js';
import { createPublicOpenApi } from './public-openapi.js';
import { createRateLimiter } from './rate-limiter.js';
import { createTenantGate } from './tenant-gate.js';
import { createTenantWatch } from './tenant-watch.js';
import { createTokenCache } from './token-cache.js';
import { createTokenExchange } from './token-exchange.js';
import { createUpstreamProxy } from './upstream-proxy.js';
import { discoveredOrigins } from './web-app.js';

async function main(): Promise<void> {
  const config = loadGatewayConfig();
  const logger = createLogger({ service: 'gateway', level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  const telemetry = await startTelemetry({ service: 'gateway', logger });
  // Registered first, so it runs last: the spans of the shutdown itself are exported too.
  onShutdown(() => telemetry.shutdown(), { logger, name: 'telemetry' });
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromDefault();
  const watch = createTenantWatch({ kubeConfig, logger });
  const registry = createMetricsRegistry({ service: 'gateway' });
  const defaultPlan = config.GATEWAY_DEFAULT_PLAN;

  const exchange = createTokenExchange({
    platformUrl: config.GATEWAY_PLATFORM_URL, clientId: config.GATEWAY_EXCHANGE_CLIENT_ID, clientSecret: config.GATEWAY_EXCHANGE_CLIENT_SECRET,
  });
  const backend = createUpstreamProxy({ target: config.GATEWAY_BACKEND_URL, logger, maxSockets: config.GATEWAY_UPSTREAM_SOCKETS });
  const platform = createUpstreamProxy({ target: config.GATEWAY_PLATFORM_URL, logger, maxSockets: config.GATEWAY_UPSTREAM_SOCKETS });
  const webIssuer = config.GATEWAY_WEB_OIDC_ISSUER ?? config.GATEWAY_OIDC_ISSUER;
  const app = createGatewayApp({
    logger,
    registry,
    metrics: createGatewayMetrics(registry),
    ready: () => watch.synced(),
    verify: createExternalTokenVerifier({
      issuer: config.GATEWAY_OIDC_ISSUER,
      clientIds: config.GATEWAY_OIDC_CLIENT_IDS,
      ...(config.GATEWAY_OIDC_AUDIENCE === undefined ? {} : { audience: config.GATEWAY_OIDC_AUDIENCE }),
    }),
    gate: createTenantGate({ lookup: (name) => watch.get(name), defaultPlan }),
    limiter: createRateLimiter({ limits: config.GATEWAY_RATE_LIMITS, defaultPlan }),
    tokens: createTokenCache({ exchange, reuseMs: config.GATEWAY_TOKEN_REUSE }),
    backend,
    platform,
    publicApi: createPublicOpenApi({ backendUrl: config.GATEWAY_BACKEND_URL, platformUrl: config.GATEWAY_PLATFORM_URL }),
    inFlight: createInFlightLimits({ perTenant: config.GATEWAY_MAX_IN_FLIGHT_PER_TENANT, perClient: config.GATEWAY_MAX_IN_FLIGHT_PER_CLIENT }),
    maxBodyBytes: config.GATEWAY_MAX_BODY_BYTES,
    ...(config.GATEWAY_WEB_ROOT === undefined ? {} : {
      web: {
        root: config.GATEWAY_WEB_ROOT,
        config: { issuer: webIssuer, clientId: webClientIdOf(config), scope: config.GATEWAY_WEB_SCOPE },
        identityOrigins: discoveredOrigins(webIssuer),
      },
    }),
  });

  const server = await startHttpServer({
    app, port: config.GATEWAY_PORT, host: config.GATEWAY_HOST, logger,
    headersTimeoutMs: config.GATEWAY_HEADERS_TIMEOUT, requestTimeoutMs: config.GATEWAY_REQUEST_TIMEOUT,
  });
  void watch.start();
  logger.info('gateway started', { url: server.url, issuer: config.GATEWAY_OIDC_ISSUER, backend: config.GATEWAY_BACKEND_URL, platform: config.GATEWAY_PLATFORM_URL });

  onShutdown(async () => {
    await server.close();
    await watch.stop();
    await Promise.all([backend.close(), platform.close()]);
  }, { logger, timeoutMs: 20_000 });
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
