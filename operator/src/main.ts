// Entry point of the operator: config → clients → leader election → controller, plus health and metrics.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import express from 'express';
import {
  KeepAliveKubeConfig, createLogger, createMetricsRegistry, healthRouter, httpMetricsMiddleware, notFoundHandler, onShutdown, problemHandler,
  startHttpServer, startTelemetry,
} from '@tenantry/runtime';
import { loadOperatorConfig } from './config.js';
import { createLeaderElector } from './controller/leader-election.js';
import { createOperatorController } from './controller/operator-controller.js';
import { createOperatorMetrics, type OperatorMetrics } from './metrics.js';

async function main(): Promise<void> {
  const config = loadOperatorConfig();
  const logger = createLogger({ service: 'operator', level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  const telemetry = await startTelemetry({ service: 'operator', logger });
  // Registered first, so it runs last: the spans of the shutdown itself are exported too.
  onShutdown(() => telemetry.shutdown(), { logger, name: 'telemetry' });
  const migrationsDir = resolve(config.TENANT_MIGRATIONS_DIR);
  if (!existsSync(migrationsDir)) throw new Error(`TENANT_MIGRATIONS_DIR: folder ${migrationsDir} does not exist`);

  const kubeConfig = new KeepAliveKubeConfig();
  kubeConfig.loadFromDefault();
  const registry = createMetricsRegistry({ service: 'operator' });
  const controller = createOperatorController({
    kubeConfig,
    namespace: config.OPERATOR_NAMESPACE,
    instance: config.OPERATOR_IDENTITY,
    concurrency: config.OPERATOR_CONCURRENCY,
    resyncPeriodMs: config.OPERATOR_RESYNC_PERIOD,
    retryBaseMs: config.OPERATOR_RETRY_BASE,
    retryMaxMs: config.OPERATOR_RETRY_MAX,
    missingServerGraceMs: config.OPERATOR_MISSING_SERVER_GRACE,
    migrationsDir,
    logger,
    metrics: () => metrics,
  });
  const metrics: OperatorMetrics = createOperatorMetrics(registry, {
    phases: () => controller.tenantsByPhase(), stalled: () => controller.tenantsStalled(), queueDepth: () => controller.queueDepth(),
  });

  let leading = false;
  let stopping = false;
  const app = express();
  app.disable('x-powered-by');
  app.use(httpMetricsMiddleware(registry));
  app.use(healthRouter({ ready: () => !leading || controller.synced(), registry, logger }));
  app.use(notFoundHandler);
  app.use(problemHandler(logger));
  const server = await startHttpServer({ app, port: config.OPERATOR_HTTP_PORT, host: config.OPERATOR_HTTP_HOST, logger });
  logger.info('operator started', { url: server.url, identity: config.OPERATOR_IDENTITY, migrationsDir });

  const startLeading = () => {
    leading = true;
    logger.info('leading: starting the controller');
    controller.start().catch((error: unknown) => {
      logger.error('controller failed to start', { error });
      process.exit(1);
    });
  };
  const elector = config.OPERATOR_LEADER_ELECTION
    ? createLeaderElector({
      kubeConfig,
      namespace: config.OPERATOR_NAMESPACE,
      leaseName: config.OPERATOR_LEASE_NAME,
      identity: config.OPERATOR_IDENTITY,
      leaseDurationMs: config.OPERATOR_LEASE_DURATION,
      renewDeadlineMs: config.OPERATOR_RENEW_DEADLINE,
      retryPeriodMs: config.OPERATOR_RETRY_PERIOD,
      onStartedLeading: startLeading,
      // Reconciling without the lease could race another replica: stop the process, let it restart.
      onStoppedLeading: () => {
        if (stopping) return; // Our own release during shutdown.
        logger.error('lost the leader lease; exiting');
        process.exit(1);
      },
      onError: (error) => logger.warn('leader election error', { error }),
    })
    : undefined;

  onShutdown(async () => {
    stopping = true;
    await controller.stop();
    await elector?.stop();
    await server.close();
  }, { logger, timeoutMs: 20_000 });

  if (elector) elector.run();
  else startLeading();
}

main().catch((error: unknown) => {
  process.stderr.write(`operator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
