// Decides from the standard OTEL_* variables whether this process traces at all: off unless an exporter is named.
export interface TracingDecision {
  readonly enabled: boolean;
  /** Why, in words for the start-up log line. */
  readonly reason: string;
}

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Tracing is on only when the environment names somewhere to send spans: OTEL_TRACES_EXPORTER (other than
 * `none`), or an OTLP endpoint (the exporter then defaults to `otlp`). The SDK's own default would export to
 * localhost:4318 whatever the environment says; off by default keeps an unconfigured process free of the
 * SDK, the loader hook and the instrumentation patches.
 */
export function tracingDecision(env: Environment = process.env): TracingDecision {
  if (isTrue(env.OTEL_SDK_DISABLED)) return { enabled: false, reason: 'OTEL_SDK_DISABLED is true' };
  const exporters = listOf(env.OTEL_TRACES_EXPORTER);
  if (exporters.length > 0) {
    return exporters.includes('none')
      ? { enabled: false, reason: 'OTEL_TRACES_EXPORTER is none' }
      : { enabled: true, reason: `OTEL_TRACES_EXPORTER is ${exporters.join(',')}` };
  }
  for (const variable of ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_ENDPOINT'] as const) {
    if (nonEmpty(env[variable])) return { enabled: true, reason: `${variable} is set` };
  }
  return { enabled: false, reason: 'no trace exporter configured (OTEL_TRACES_EXPORTER or an OTLP endpoint)' };
}

function listOf(value: string | undefined): string[] {
  return nonEmpty(value) ? value.split(',').map((name) => name.trim().toLowerCase()).filter((name) => name !== '') : [];
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

// The OpenTelemetry specification reads only a case-insensitive "true" as true for boolean variables.
function isTrue(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === 'true';
}
