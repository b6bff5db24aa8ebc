// Tests for parseConfig and the env helpers: typed values, every problem listed, secrets never echoed.
import { expect } from 'chai';
import { z } from 'zod';
import { ConfigError, TenantryError, envBoolean, envDurationMs, envUrl, parseConfig } from '../src/index.js';

const operatorSchema = z.object({
  OPERATOR_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  DATABASE_URL: envUrl({ protocols: ['postgres', 'postgresql'] }),
  DATABASE_PASSWORD: z.string().min(12),
});

function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}

describe('parseConfig', () => {
  it('returns typed values with defaults applied and ignores unrelated variables', () => {
    const config = parseConfig(operatorSchema, {
      DATABASE_URL: 'postgres://db.internal:5432/platform',
      DATABASE_PASSWORD: 'correct-horse-battery',
      HOME: '/root',
    });

    // The result is typed from the schema: these assignments only compile if inference works.
    const concurrency: number = config.OPERATOR_CONCURRENCY;
    const level: 'error' | 'warn' | 'info' | 'debug' = config.LOG_LEVEL;
    expect([concurrency, level]).to.deep.equal([4, 'info']);
    expect(config).to.deep.equal({
      OPERATOR_CONCURRENCY: 4,
      LOG_LEVEL: 'info',
      DATABASE_URL: 'postgres://db.internal:5432/platform',
      DATABASE_PASSWORD: 'correct-horse-battery',
    });
  });

  it('lists every invalid variable by name, one per line, with a stable code', () => {
    const error = configErrorOf(() =>
      parseConfig(operatorSchema, { OPERATOR_CONCURRENCY: '100', LOG_LEVEL: 'loud', DATABASE_URL: 'nope' }),
    );

    expect(error).to.be.instanceOf(TenantryError);
    expect(error.code).to.equal('CONFIG_INVALID');
    expect(error.problems.map((p) => p.variable)).to.deep.equal([
      'OPERATOR_CONCURRENCY',
      'LOG_LEVEL',
      'DATABASE_URL',
      'DATABASE_PASSWORD',
    ]);
    const lines = error.message.split('\n');
    expect(lines[0]).to.equal('invalid configuration, 4 problems:');
    expect(lines).to.have.length(5);
    expect(lines[1]).to.match(/^ {2}OPERATOR_CONCURRENCY: .*64.* \(received "100"\)$/);
    expect(lines[2]).to.match(/^ {2}LOG_LEVEL: .* \(received "loud"\)$/);
    expect(lines[3]).to.match(/^ {2}DATABASE_URL: expected an absolute postgres or postgresql URL \(received "nope"\)$/);
    expect(lines[4]).to.match(/^ {2}DATABASE_PASSWORD: .* \(not set\)$/);
    expect(error.problems[3]?.received).to.equal(undefined);
  });

  it('redacts the received value of variables named like secrets', () => {
    const schema = z.object({
      DATABASE_PASSWORD: z.string().min(12),
      SIGNING_KEY: z.string().length(64),
      GITHUB_TOKEN: z.string().startsWith('ghp_'),
      CLIENT_SECRET: z.string().min(40),
    });

    const error = configErrorOf(() =>
      parseConfig(schema, {
        DATABASE_PASSWORD: 'hunter2',
        SIGNING_KEY: 'short-key-material',
        GITHUB_TOKEN: 'tok-123',
        CLIENT_SECRET: 's3cr3t',
      }),
    );

    expect(error.problems).to.have.length(4);
    for (const problem of error.problems) expect(problem.received).to.equal('[REDACTED]');
    for (const secret of ['hunter2', 'short-key-material', 'tok-123', 's3cr3t']) {
      expect(error.message).not.to.include(secret);
    }
  });

  it('hides the password of a URL-valued variable that is not named like a secret', () => {
    const schema = z.object({ DATABASE_URL: envUrl({ protocols: ['https'] }) });

    const error = configErrorOf(() => parseConfig(schema, { DATABASE_URL: 'postgres://app:pa55word@db:5432/x' }));

    expect(error.message).not.to.include('pa55word');
    expect(error.message).to.include('postgres://app:[REDACTED]@db:5432/x');
  });

  it('reports a rule across variables against the variable it names', () => {
    const schema = z
      .object({ LEASE_DURATION: envDurationMs(), RENEW_DEADLINE: envDurationMs() })
      .refine((c) => c.RENEW_DEADLINE < c.LEASE_DURATION, {
        message: 'must be shorter than LEASE_DURATION',
        path: ['RENEW_DEADLINE'],
      });

    const error = configErrorOf(() => parseConfig(schema, { LEASE_DURATION: '10s', RENEW_DEADLINE: '15s' }));

    expect(error.message.split('\n')[1]).to.equal(
      '  RENEW_DEADLINE: must be shorter than LEASE_DURATION (received "15s")',
    );
  });

  it('reads process.env when no environment is given', () => {
    process.env.TENANTRY_CONFIG_TEST_FLAG = '1';
    try {
      expect(parseConfig(z.object({ TENANTRY_CONFIG_TEST_FLAG: envBoolean() }))).to.deep.equal({
        TENANTRY_CONFIG_TEST_FLAG: true,
      });
    } finally {
      delete process.env.TENANTRY_CONFIG_TEST_FLAG;
    }
  });
});

describe('envBoolean', () => {
  const schema = z.object({ FLAG: envBoolean().default(false) });

  it('reads "true", "1" as true and "false", "0" as false', () => {
    expect(['true', '1', 'false', '0'].map((FLAG) => parseConfig(schema, { FLAG }).FLAG)).to.deep.equal([
      true,
      true,
      false,
      false,
    ]);
  });

  it('uses the default when the variable is not set', () => {
    expect(parseConfig(schema, {}).FLAG).to.equal(false);
  });

  it('refuses anything else, such as "yes"', () => {
    const error = configErrorOf(() => parseConfig(schema, { FLAG: 'yes' }));

    expect(error.message).to.include('FLAG: expected "true", "false", "1" or "0" (received "yes")');
  });
});

describe('envDurationMs', () => {
  const schema = z.object({ TIMEOUT: envDurationMs().default(30_000) });

  it('accepts milliseconds, seconds, minutes, hours and plain integers', () => {
    const parsed = ['500ms', '30s', '5m', '1h', '1500'].map((TIMEOUT) => parseConfig(schema, { TIMEOUT }).TIMEOUT);

    expect(parsed).to.deep.equal([500, 30_000, 300_000, 3_600_000, 1_500]);
  });

  it('uses the default when the variable is not set', () => {
    expect(parseConfig(schema, {}).TIMEOUT).to.equal(30_000);
  });

  it('accepts the compound and fractional forms of Kubernetes durations', () => {
    expect(['1m30s', '1.5s'].map((TIMEOUT) => parseConfig(schema, { TIMEOUT }).TIMEOUT)).to.deep.equal([90_000, 1_500]);
  });

  it('refuses other units and negative numbers', () => {
    for (const TIMEOUT of ['5d', '-3s', 'soon', '', '1.5']) {
      const error = configErrorOf(() => parseConfig(schema, { TIMEOUT }));
      expect(error.problems[0]?.message, TIMEOUT).to.match(/expected a duration/);
    }
  });

  it('can be bounded by piping into a number schema', () => {
    const bounded = z.object({ TIMEOUT: envDurationMs().pipe(z.number().max(60_000)) });

    const error = configErrorOf(() => parseConfig(bounded, { TIMEOUT: '2m' }));

    expect(error.problems[0]?.variable).to.equal('TIMEOUT');
  });
});

describe('envUrl', () => {
  it('accepts any absolute URL when no protocols are given', () => {
    const schema = z.object({ ISSUER: envUrl() });

    expect(parseConfig(schema, { ISSUER: 'http://127.0.0.1:4000/oidc' }).ISSUER).to.equal('http://127.0.0.1:4000/oidc');
    expect(() => parseConfig(schema, { ISSUER: '/relative/path' })).to.throw(ConfigError, /ISSUER: expected an absolute URL/);
  });

  it('refuses a URL whose scheme is not allowed', () => {
    const schema = z.object({ JWKS_URL: envUrl({ protocols: ['https'] }) });

    expect(() => parseConfig(schema, { JWKS_URL: 'http://idp/jwks' })).to.throw(ConfigError, /JWKS_URL/);
    expect(parseConfig(schema, { JWKS_URL: 'https://idp/jwks' }).JWKS_URL).to.equal('https://idp/jwks');
  });
});
