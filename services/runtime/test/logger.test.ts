// Tests for createLogger: the JSON line shape, context and child fields, levels, errors, and redaction.
import { expect } from 'chai';
import { annotateLogContext, createLogger, withLogContext, withLogScope } from '../src/index.js';
import { currentLogFrame, logContextOf } from '../src/log-context.js';
import type { Logger, LoggerOptions } from '../src/index.js';
import { captureLog } from './support/log-capture.js';
import type { LogCapture } from './support/log-capture.js';

const JWT =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJhbGljZSIsInRlbmFudCI6ImFjbWUifQ.c2lnbmF0dXJlLWJ5dGVzLWhlcmU';

function loggerWithCapture(options: Partial<LoggerOptions> = {}): { logger: Logger; log: LogCapture } {
  const log = captureLog();
  return { logger: createLogger({ service: 'test-service', stream: log.stream, ...options }), log };
}

function onlyLine(log: LogCapture): Record<string, unknown> {
  const lines = log.lines();
  expect(lines, log.text()).to.have.length(1);
  return lines[0]!;
}

describe('createLogger', () => {
  it('writes one JSON object per line with timestamp, level, service, message and the fields', () => {
    const { logger, log } = loggerWithCapture();

    logger.info('tenant ready', { tenant: 'acme', tier: 'pool', ms: 12 });
    logger.warn('tenant slow', { tenant: 'globex' });

    const raw = log.text().split('\n');
    expect(raw).to.have.length(3);
    expect(raw[2]).to.equal('');
    const [ready, slow] = log.lines();
    expect(Object.keys(ready!).slice(0, 4)).to.deep.equal(['timestamp', 'level', 'service', 'message']);
    expect(new Date(ready!.timestamp as string).toISOString()).to.equal(ready!.timestamp);
    expect(ready).to.deep.include({ level: 'info', service: 'test-service', message: 'tenant ready', tenant: 'acme' });
    expect(ready).to.deep.include({ tier: 'pool', ms: 12 });
    expect(slow).to.deep.include({ level: 'warn', message: 'tenant slow', tenant: 'globex' });
  });

  it('adds the current log context fields, with the call fields winning', () => {
    const { logger, log } = loggerWithCapture();

    withLogContext({ tenantId: 'acme', traceId: 'trace-1', requestId: 'req-1' }, () => {
      logger.info('entry created', { requestId: 'req-override', entryId: 'e-1' });
    });

    expect(onlyLine(log)).to.deep.include({
      tenantId: 'acme',
      traceId: 'trace-1',
      requestId: 'req-override',
      entryId: 'e-1',
    });
  });

  it('writes a fixed line\'s fields as they are, and still redacts the log context and bound fields around them', () => {
    const { logger, log } = loggerWithCapture();

    withLogContext({ requestId: 'req-1', password: 'hunter2', note: `Bearer ${JWT}` }, () => {
      logger.child({ apiKey: 'k-1' }).fixed('info', 'request completed', { route: '/entries/:id', status: 200, aborted: undefined, level: 'error' });
    });

    const line = onlyLine(log);
    expect(line).to.deep.include({ level: 'info', message: 'request completed', requestId: 'req-1', route: '/entries/:id', status: 200 });
    expect(line).to.deep.include({ password: '[REDACTED]', apiKey: '[REDACTED]', note: 'Bearer [REDACTED]' });
    expect(line).to.not.have.property('aborted');
  });

  it('writes a fixed line with the context it is given, as learnt by the end of its unit of work', () => {
    const { logger, log } = loggerWithCapture();
    const frame = withLogScope({ requestId: 'req-2' }, () => {
      const taken = currentLogFrame();
      annotateLogContext({ tenantId: 'acme' });
      return taken;
    });

    withLogContext({ requestId: 'another' }, () => logger.fixed('info', 'request completed', { status: 204 }, logContextOf(frame)));

    expect(onlyLine(log)).to.deep.include({ requestId: 'req-2', tenantId: 'acme', status: 204 });
  });

  it('gives child loggers their bound fields, between the context and the call fields', () => {
    const { logger, log } = loggerWithCapture();
    const child = logger.child({ component: 'placement', tenantId: 'from-child' }).child({ server: 'pg-1' });

    withLogContext({ tenantId: 'from-context', traceId: 't' }, () => child.info('placed', { server: 'pg-2' }));

    expect(onlyLine(log)).to.deep.include({
      component: 'placement',
      tenantId: 'from-child',
      traceId: 't',
      server: 'pg-2',
    });
  });

  it('writes nothing below the configured level', () => {
    const { logger, log } = loggerWithCapture({ level: 'warn' });

    logger.debug('noise');
    logger.info('chatter');
    logger.warn('attention');
    logger.error('failure');

    expect(log.lines().map((line) => line.level)).to.deep.equal(['warn', 'error']);
    expect(logger.isLevelEnabled('info')).to.equal(false);
    expect(logger.isLevelEnabled('error')).to.equal(true);
  });

  it('writes debug lines when the level is debug', () => {
    const { logger, log } = loggerWithCapture({ level: 'debug' });

    logger.debug('details', { step: 3 });

    expect(onlyLine(log)).to.deep.include({ level: 'debug', step: 3 });
  });

  it('serialises errors as name, message, code and stack, causes included', () => {
    const { logger, log } = loggerWithCapture();
    const cause = Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
    const error = new TypeError('could not place tenant', { cause });

    logger.error('reconcile failed', { error });

    const logged = onlyLine(log).error as Record<string, unknown>;
    expect(logged).to.include({ name: 'TypeError', message: 'could not place tenant' });
    expect(logged.stack).to.be.a('string').and.to.include('could not place tenant');
    expect(logged.cause).to.deep.include({ name: 'Error', message: 'connection refused', code: 'ECONNREFUSED' });
  });

  it('does not let fields overwrite timestamp, level, service or message', () => {
    const { logger, log } = loggerWithCapture();

    logger.info('real message', { level: 'error', service: 'spoofed', message: 'fake', timestamp: 'yesterday' });

    expect(onlyLine(log)).to.include({ level: 'info', service: 'test-service', message: 'real message' });
    expect(onlyLine(log).timestamp).not.to.equal('yesterday');
  });

  it('survives circular references, bigints and dates', () => {
    const { logger, log } = loggerWithCapture();
    const node: Record<string, unknown> = { name: 'root' };
    node.self = node;

    logger.info('odd values', { node, big: 12345678901234567890n, at: new Date('2026-01-02T03:04:05.000Z') });

    expect(onlyLine(log)).to.deep.include({
      node: { name: 'root', self: '[Circular]' },
      big: '12345678901234567890',
      at: '2026-01-02T03:04:05.000Z',
    });
  });

  it('writes a compact human line in pretty format', () => {
    const { logger, log } = loggerWithCapture({ format: 'pretty' });

    withLogContext({ tenantId: 'acme' }, () => logger.info('tenant ready', { tier: 'pool', note: 'two words' }));

    expect(log.text()).to.match(/^\d{2}:\d{2}:\d{2}\.\d{3} INFO {2}test-service tenant ready tenantId=acme tier=pool note="two words"\n$/);
  });

  it('prints the stack of an error below the pretty line', () => {
    const { logger, log } = loggerWithCapture({ format: 'pretty' });

    logger.error('reconcile failed', { error: new Error('boom') });

    const [line, ...stack] = log.text().trimEnd().split('\n');
    expect(line).to.match(/ERROR test-service reconcile failed error="Error: boom"$/);
    expect(stack[0]).to.equal('    Error: boom');
    expect(stack.length).to.be.greaterThan(1);
  });
});

describe('createLogger redaction', () => {
  it('redacts a password nested in an object', () => {
    const { logger, log } = loggerWithCapture();

    logger.info('connecting', { database: { host: 'db', credentials: { user: 'app', password: 'hunter2' } } });

    expect(onlyLine(log).database).to.deep.equal({ host: 'db', credentials: { user: 'app', password: '[REDACTED]' } });
    expect(log.text()).not.to.include('hunter2');
  });

  it('redacts every sensitive key name, whatever its case, inside arrays too', () => {
    const { logger, log } = loggerWithCapture();
    const keys = [
      'pass', 'password', 'dbPassword', 'clientSecret', 'refresh_token', 'Authorization', 'cookie', 'set-cookie',
      'apiKey', 'api_key', 'API-KEY', 'privateKey', 'private_key',
    ];
    const secrets = Object.fromEntries(keys.map((key, index) => [key, `value-${index}`]));

    logger.info('secrets everywhere', { items: [secrets], top: secrets });

    const line = onlyLine(log);
    const expected = Object.fromEntries(keys.map((key) => [key, '[REDACTED]']));
    expect(line.top).to.deep.equal(expected);
    expect(line.items).to.deep.equal([expected]);
    expect(log.text()).not.to.match(/value-\d/);
  });

  it('redacts a whole object held under a sensitive key', () => {
    const { logger, log } = loggerWithCapture();

    logger.info('keys loaded', { privateKey: { kty: 'EC', d: 'secret-scalar' }, kid: 'k1' });

    expect(onlyLine(log)).to.deep.include({ privateKey: '[REDACTED]', kid: 'k1' });
  });

  it('hides the password of URLs with credentials in fields and in the message', () => {
    const { logger, log } = loggerWithCapture();

    logger.info('cannot reach postgres://tenant_acme:pw-in-message@db:5432/acme', {
      uri: 'postgres://app:s3cret@db.internal:5432/platform?sslmode=require',
      upstream: { target: 'see https://user:p%40ss@idp.example/realms/x and retry' },
    });

    const line = onlyLine(log);
    expect(line.message).to.equal('cannot reach postgres://tenant_acme:[REDACTED]@db:5432/acme');
    expect(line.uri).to.equal('postgres://app:[REDACTED]@db.internal:5432/platform?sslmode=require');
    expect(line.upstream).to.deep.equal({ target: 'see https://user:[REDACTED]@idp.example/realms/x and retry' });
    expect(log.text()).not.to.match(/s3cret|p%40ss|pw-in-message/);
  });

  it('hides a URL password that contains a raw "@"', () => {
    const { logger, log } = loggerWithCapture();

    logger.info('dsn', { dsn: 'postgres://app:p@ss@db:5432/x' });

    expect(onlyLine(log).dsn).to.equal('postgres://app:[REDACTED]@db:5432/x');
  });

  it('replaces strings that look like JWTs, in the message and nested values', () => {
    const { logger, log } = loggerWithCapture();

    logger.warn(`token ${JWT} rejected`, { attempt: { raw: JWT, list: [`id_token=${JWT}`] } });

    const line = onlyLine(log);
    expect(line.message).to.equal('token [REDACTED] rejected');
    expect(line.attempt).to.deep.equal({ raw: '[REDACTED]', list: ['id_token=[REDACTED]'] });
    expect(log.text()).not.to.include('eyJ');
  });

  it('replaces a bearer token inside a string', () => {
    const { logger, log } = loggerWithCapture();

    logger.info('proxying with header Bearer abc.DEF-123_xyz~', { header: 'Authorization: bearer opaque-token-value' });

    const line = onlyLine(log);
    expect(line.message).to.equal('proxying with header Bearer [REDACTED]');
    expect(line.header).to.equal('Authorization: bearer [REDACTED]');
  });

  it('redacts secrets inside error messages and stacks', () => {
    const { logger, log } = loggerWithCapture();

    logger.error('migration failed', { error: new Error('connect postgres://app:topsecret@db/x failed') });

    expect(log.text()).not.to.include('topsecret');
    expect((onlyLine(log).error as { message: string }).message).to.equal('connect postgres://app:[REDACTED]@db/x failed');
  });

  it('redacts sensitive fields that come from the log context and child loggers', () => {
    const { logger, log } = loggerWithCapture();

    withLogContext({ sessionToken: 'ctx-secret' }, () => logger.child({ apiKey: 'child-secret' }).info('hello'));

    expect(onlyLine(log)).to.deep.include({ sessionToken: '[REDACTED]', apiKey: '[REDACTED]' });
  });

  it('keeps ordinary text and URLs without credentials as they are', () => {
    const { logger, log } = loggerWithCapture();

    logger.info('tenant ready', { url: 'https://platform.example:8443/api/tenants?limit=5', note: 'user@example.com' });

    expect(onlyLine(log)).to.deep.include({
      url: 'https://platform.example:8443/api/tenants?limit=5',
      note: 'user@example.com',
    });
  });
});
