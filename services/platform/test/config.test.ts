// The platform's configuration: token settings, their defaults, and the problems they are refused for.
import { expect } from 'chai';
import { ConfigError } from '@tenantry/runtime';
import { loadPlatformConfig, tokenAudiencesOf, tokenIssuerOf } from '../src/config.js';

const required = {
  PLATFORM_DATABASE_URL: 'postgres://platform@127.0.0.1:5432/platform',
  PLATFORM_OIDC_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc',
  PLATFORM_OIDC_CLIENT_IDS: 'web',
  PLATFORM_SERVICE_TOKEN: 'x'.repeat(32),
};
const secret = 's'.repeat(32);

function problems(env: Record<string, string>): ConfigError['problems'] {
  try {
    loadPlatformConfig({ ...required, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('platform config', function () {
  it('defaults internal tokens to 5 minutes for tenantry-backend, issued under the listener\'s URL', () => {
    const config = loadPlatformConfig({ ...required, PLATFORM_PORT: '8443' });

    expect(config.PLATFORM_TOKEN_TTL).to.equal(300_000);
    expect(tokenAudiencesOf(config)).to.deep.equal(['tenantry-backend']);
    expect(tokenIssuerOf(config)).to.equal('http://localhost:8443');
    expect(config.PLATFORM_EXCHANGE_CLIENTS).to.equal(undefined);
    expect(config.PLATFORM_SIGNING_KEYS_REFRESH).to.equal(5_000);
  });

  it('reads the token settings, the keys Secret reference and the exchange clients', () => {
    const config = loadPlatformConfig({
      ...required,
      PLATFORM_TOKEN_ISSUER: 'https://platform.tenantry-system.svc',
      PLATFORM_TOKEN_AUDIENCE: 'backend', PLATFORM_TOKEN_AUDIENCES: 'backend, reports',
      PLATFORM_TOKEN_TTL: '2m',
      PLATFORM_SIGNING_KEYS_SECRET: 'tenantry-system/platform-signing-keys',
      PLATFORM_EXCHANGE_CLIENTS: `gateway:${secret},batch:${secret}:with-colon`,
    });

    expect(tokenIssuerOf(config)).to.equal('https://platform.tenantry-system.svc');
    expect(tokenAudiencesOf(config)).to.deep.equal(['backend', 'reports']);
    expect(config.PLATFORM_TOKEN_TTL).to.equal(120_000);
    expect(config.PLATFORM_SIGNING_KEYS_SECRET).to.deep.equal({ namespace: 'tenantry-system', name: 'platform-signing-keys' });
    expect(config.PLATFORM_EXCHANGE_CLIENTS).to.deep.equal([{ id: 'gateway', secret }, { id: 'batch', secret: `${secret}:with-colon` }]);
  });

  it('refuses a TTL that is not whole seconds or too long, and a default audience outside the allow-list', () => {
    expect(problems({ PLATFORM_TOKEN_TTL: '1500ms' }).map((p) => p.message)).to.deep.equal(['must be whole seconds (JWT times are seconds)']);
    expect(problems({ PLATFORM_TOKEN_TTL: '2h' }).map((p) => p.message)).to.deep.equal(['must be at most 1h: internal tokens are short-lived']);
    expect(problems({ PLATFORM_TOKEN_AUDIENCES: 'reports' }).map((p) => [p.variable, p.message])).to.deep.equal([
      ['PLATFORM_TOKEN_AUDIENCES', 'must include PLATFORM_TOKEN_AUDIENCE (the default audience)'],
    ]);
  });

  it('refuses both a keys file and a keys Secret, and a port chosen at random without an issuer', () => {
    expect(problems({ PLATFORM_SIGNING_KEYS_FILE: '/keys.json', PLATFORM_SIGNING_KEYS_SECRET: 'ns/keys' }).map((p) => p.variable))
      .to.deep.equal(['PLATFORM_SIGNING_KEYS_SECRET']);
    expect(problems({ PLATFORM_PORT: '0' }).map((p) => p.variable)).to.deep.equal(['PLATFORM_TOKEN_ISSUER']);
    expect(problems({ PLATFORM_SIGNING_KEYS_SECRET: 'just-a-name' }).map((p) => p.message)).to.deep.equal(['expected namespace/name']);
  });

  it('refuses weak or malformed exchange clients without ever showing the value', () => {
    const found = problems({ PLATFORM_EXCHANGE_CLIENTS: `gateway:short,gateway:${secret},bad id:${secret}` });

    expect(found.map((p) => p.message)).to.have.members([
      'entry 1: the secret must be at least 32 characters',
      'entry 3: the client id must be letters, digits, ".", "_", "~" or "-"',
      'a client id appears twice',
    ]);
    for (const problem of found) expect(problem.received).to.equal('[REDACTED]');
  });
});
