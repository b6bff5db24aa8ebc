// Tests for when tracing is on: only when the standard OTEL_* variables name an exporter or an endpoint.
import { expect } from 'chai';
import { createLogger, startTelemetry, tracingDecision } from '../src/index.js';
import { captureLog } from './support/log-capture.js';

describe('tracingDecision', () => {
  it('is off with no OTEL_* settings at all, so nothing exports to a default localhost endpoint', () => {
    expect(tracingDecision({})).to.deep.include({ enabled: false });
  });

  it('is on when OTEL_TRACES_EXPORTER names an exporter', () => {
    expect(tracingDecision({ OTEL_TRACES_EXPORTER: 'otlp' })).to.deep.equal({ enabled: true, reason: 'OTEL_TRACES_EXPORTER is otlp' });
    expect(tracingDecision({ OTEL_TRACES_EXPORTER: ' Console ' }).enabled).to.equal(true);
  });

  it('is on when only an OTLP endpoint is set, the exporter then being otlp', () => {
    expect(tracingDecision({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).to.deep.equal({
      enabled: true, reason: 'OTEL_EXPORTER_OTLP_ENDPOINT is set',
    });
    expect(tracingDecision({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }).enabled).to.equal(true);
  });

  it('is off when the exporter is none, even with an endpoint set', () => {
    expect(tracingDecision({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).enabled).to.equal(false);
  });

  it('is off when OTEL_SDK_DISABLED is true, whatever else is set', () => {
    expect(tracingDecision({ OTEL_SDK_DISABLED: 'TRUE', OTEL_TRACES_EXPORTER: 'otlp' })).to.deep.equal({
      enabled: false, reason: 'OTEL_SDK_DISABLED is true',
    });
    expect(tracingDecision({ OTEL_SDK_DISABLED: 'false', OTEL_TRACES_EXPORTER: 'otlp' }).enabled).to.equal(true);
  });

  it('ignores blank values', () => {
    expect(tracingDecision({ OTEL_TRACES_EXPORTER: ' ', OTEL_EXPORTER_OTLP_ENDPOINT: '' }).enabled).to.equal(false);
  });
});

describe('startTelemetry', () => {
  const ambient = Object.entries(process.env).filter(([name]) => name.startsWith('OTEL_'));
  before(() => ambient.forEach(([name]) => delete process.env[name]));
  after(() => ambient.forEach(([name, value]) => { process.env[name] = value; }));

  it('starts nothing in a process without OTEL_* settings, and says why at debug level', async () => {
    const log = captureLog();
    const logger = createLogger({ service: 'test-service', level: 'debug', stream: log.stream });

    const telemetry = await startTelemetry({ service: 'test-service', logger });

    expect(telemetry.enabled).to.equal(false);
    expect(log.lines()).to.have.length(1);
    expect(log.lines()[0]).to.deep.include({ level: 'debug', message: 'tracing off', reason: tracingDecision({}).reason });
    await telemetry.shutdown();
  });
});
