// Starts OpenTelemetry tracing for one process from the standard OTEL_* variables; off (and free) unless configured.
// The SDK, its exporters and the instrumentations are imported only once tracing is on: loaded for nothing
// they cost every process about 40 MB of memory.
import type { DiagLogger } from '@opentelemetry/api';
import type { Logger } from './logger.js';
import { hookInstrumentations } from './telemetry-hook.js';
import { tracingDecision } from './telemetry-settings.js';

export const TELEMETRY_REGISTER_MODULE = '@tenantry/runtime/telemetry/register';

export interface TelemetryOptions {
  /** `service.name` of every span, unless OTEL_SERVICE_NAME names it otherwise. */
  readonly service: string;
  /** Receives the start-up line and the SDK's own diagnostics (export failures, bad settings). */
  readonly logger: Logger;
}

export interface Telemetry {
  readonly enabled: boolean;
  /** Exports the spans still buffered, then stops; call it last in the shutdown sequence. */
  shutdown(): Promise<void>;
}

const DISABLED: Telemetry = { enabled: false, shutdown: async () => {} };

/**
 * Call first in main(). With tracing configured, installs the tracer provider (exporter, sampler and batch
 * settings from OTEL_*), the W3C trace-context and baggage propagators, and async context; the instrumentations
 * themselves come from the register module, which must be preloaded so ESM imports can be patched.
 */
export async function startTelemetry({ service, logger }: TelemetryOptions): Promise<Telemetry> {
  const env = process.env;
  const decision = tracingDecision(env);
  if (!decision.enabled) {
    logger.debug('tracing off', { reason: decision.reason });
    return DISABLED;
  }
  const [{ DiagLogLevel, diag }, { W3CBaggagePropagator, W3CTraceContextPropagator, diagLogLevelFromString }, { startNodeSdk }] = await Promise.all([
    import('@opentelemetry/api'), import('@opentelemetry/core'), import('@opentelemetry/sdk-node'),
  ]);
  if (hookInstrumentations() === undefined) {
    logger.warn('tracing without the instrumentation hook: ESM imports of express and pg are not traced', {
      fix: `start node with --import ${TELEMETRY_REGISTER_MODULE}`,
    });
    const [{ registerInstrumentations }, { createInstrumentations }] = await Promise.all([
      import('@opentelemetry/instrumentation'), import('./telemetry-instrumentations.js'),
    ]);
    registerInstrumentations({ instrumentations: createInstrumentations() });
  }
  const sdk = startNodeSdk({
    propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    // OTEL_SERVICE_NAME wins over the name the process gives itself, as the specification asks.
    ...(env.OTEL_SERVICE_NAME?.trim() ? {} : { resourceAttributes: { 'service.name': service } }),
    // Logs stay on stdout through winston and metrics in prom-client: the SDK exports traces only.
    logRecordProcessors: [],
    metricReaders: [],
  });
  // After start: the SDK installs a console diag logger, which would break one-JSON-object-per-line stdout.
  const logLevel = diagLogLevelFromString(env.OTEL_LOG_LEVEL) ?? DiagLogLevel.WARN;
  diag.setLogger(diagnosticsTo(logger), { logLevel, suppressOverrideMessage: true });
  logger.info('tracing on', { reason: decision.reason, exporter: env.OTEL_TRACES_EXPORTER ?? 'otlp' });
  return { enabled: true, shutdown: () => sdk.shutdown() };
}

function diagnosticsTo(logger: Logger): DiagLogger {
  const write = (level: 'error' | 'warn' | 'info' | 'debug') => (message: string, ...args: unknown[]) =>
    logger[level]('opentelemetry diagnostic', { detail: message, ...(args.length > 0 ? { args } : {}) });
  return { error: write('error'), warn: write('warn'), info: write('info'), debug: write('debug'), verbose: write('debug') };
}
