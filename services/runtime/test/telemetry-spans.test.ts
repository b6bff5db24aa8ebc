// Tests for spans around units of work and the trace ids on log lines, against an in-memory span exporter.
import { expect } from 'chai';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { activeTraceIds, createLogger, withLogContext, withSpan } from '../src/index.js';
import { captureLog } from './support/log-capture.js';

describe('tracing spans and trace-correlated logs', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });

  before(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(provider);
  });

  afterEach(() => exporter.reset());

  after(async () => {
    trace.disable();
    context.disable();
    await provider.shutdown();
  });

  it('puts the active span\'s traceId and spanId on every line written inside it, next to the log context', async () => {
    const log = captureLog();
    const logger = createLogger({ service: 'test-service', stream: log.stream });

    await withSpan('reconcile Tenant', () => withLogContext({ tenantId: 'acme' }, async () => {
      logger.info('placed');
      await withSpan('storage', () => logger.info('schema created'));
    }));

    const [reconcile, storage] = spansNamed('reconcile Tenant', 'storage');
    const [placed, created] = log.lines();
    expect(placed).to.deep.include({ tenantId: 'acme', traceId: reconcile!.spanContext().traceId, spanId: reconcile!.spanContext().spanId });
    expect(created).to.deep.include({ tenantId: 'acme', traceId: reconcile!.spanContext().traceId, spanId: storage!.spanContext().spanId });
  });

  it('writes no trace fields outside any span', () => {
    const log = captureLog();
    createLogger({ service: 'test-service', stream: log.stream }).info('started');

    expect(activeTraceIds()).to.equal(undefined);
    expect(log.lines()[0]).to.not.have.any.keys('traceId', 'spanId');
  });

  it('nests spans under the active one, across awaits, and starts a new trace for a root span', async () => {
    await withSpan('request', async () => {
      await Promise.resolve();
      await withSpan('phase', () => 'done', { attributes: { 'tenantry.phase': 'storage' } });
      await withSpan('reconcile Tenant', () => undefined, { root: true });
    });

    const [request, phase, detached] = spansNamed('request', 'phase', 'reconcile Tenant');
    expect(phase!.parentSpanContext?.spanId).to.equal(request!.spanContext().spanId);
    expect(phase!.spanContext().traceId).to.equal(request!.spanContext().traceId);
    expect(phase!.attributes).to.deep.equal({ 'tenantry.phase': 'storage' });
    expect(detached!.parentSpanContext).to.equal(undefined);
    expect(detached!.spanContext().traceId).to.not.equal(request!.spanContext().traceId);
  });

  it('returns what the work returns, and marks a failed span with the error before rethrowing it', async () => {
    expect(await withSpan('sum', () => 1 + 1)).to.equal(2);

    const failure = new Error('database unreachable');
    let thrown: unknown;
    await withSpan('storage', () => Promise.reject(failure)).catch((error: unknown) => { thrown = error; });

    expect(thrown).to.equal(failure);
    const [storage] = spansNamed('storage');
    expect(storage!.status).to.deep.include({ code: 2, message: 'database unreachable' });
    expect(storage!.events.map((event) => event.name)).to.deep.equal(['exception']);
  });

  function spansNamed(...names: string[]) {
    const finished = exporter.getFinishedSpans();
    return names.map((name) => {
      const span = finished.find((candidate) => candidate.name === name);
      expect(span, `span ${name} among ${finished.map((candidate) => candidate.name).join(', ')}`).to.not.equal(undefined);
      return span;
    });
  }
});
