// A tiny OTLP/HTTP trace receiver (JSON encoding) keeping every span in memory: the exporter end of processes
// under test, so a test can assert on the traces real services send.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** Undefined for the root span of a trace. */
  readonly parentSpanId?: string;
  readonly name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client. */
  readonly kind: number;
  /** `service.name` of the process that sent it. */
  readonly service: string;
  /** Instrumentation scope, e.g. `@opentelemetry/instrumentation-pg`. */
  readonly scope: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

export interface TraceCollector {
  readonly url: string;
  /** The OTEL_* settings that make a Tenantry process export its spans here, quickly. */
  env(): Record<string, string>;
  spans(): readonly ReceivedSpan[];
  trace(traceId: string): readonly ReceivedSpan[];
  close(): Promise<void>;
}

interface OtlpAttribute { key: string; value: Record<string, unknown> }
interface OtlpSpan {
  traceId: string; spanId: string; parentSpanId?: string; name: string; kind?: number; attributes?: OtlpAttribute[];
}
interface OtlpExport {
  resourceSpans?: { resource?: { attributes?: OtlpAttribute[] }; scopeSpans?: { scope?: { name?: string }; spans?: OtlpSpan[] }[] }[];
}

export async function startTraceCollector(): Promise<TraceCollector> {
  const received: ReceivedSpan[] = [];
  const server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/v1/traces') {
      res.writeHead(404).end();
      return;
    }
    readJson(req).then((body) => {
      received.push(...spansOf(body as OtlpExport));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    }, (error: unknown) => {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    env: () => ({
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_ENDPOINT: url,
      OTEL_BSP_SCHEDULE_DELAY: '50',
    }),
    spans: () => [...received],
    trace: (traceId) => received.filter((span) => span.traceId === traceId),
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** Mocha hooks: a collector for the suite, started before the hooks registered after this call. */
export function useTraceCollector(): () => TraceCollector {
  let collector: TraceCollector | undefined;
  before(async () => {
    collector = await startTraceCollector();
  });
  after(async () => {
    await collector?.close();
  });
  return () => {
    if (collector === undefined) throw new Error('the trace collector is not running (did its before hook fail?)');
    return collector;
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return JSON.parse((req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8'));
}

function spansOf(body: OtlpExport): ReceivedSpan[] {
  return (body.resourceSpans ?? []).flatMap((resourceSpans) => {
    const name = attributesOf(resourceSpans.resource?.attributes)['service.name'];
    const service = typeof name === 'string' ? name : 'unknown';
    return (resourceSpans.scopeSpans ?? []).flatMap((scopeSpans) => (scopeSpans.spans ?? []).map((span): ReceivedSpan => ({
      traceId: span.traceId,
      spanId: span.spanId,
      ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
      name: span.name,
      kind: span.kind ?? 0,
      service,
      scope: scopeSpans.scope?.name ?? '',
      attributes: attributesOf(span.attributes),
    })));
  });
}

function attributesOf(attributes: OtlpAttribute[] | undefined): Record<string, unknown> {
  return Object.fromEntries((attributes ?? []).map(({ key, value }) => [key, Object.values(value)[0]]));
}
