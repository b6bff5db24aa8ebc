// The identity provider's environment: defaults, and every bad variable named at once.
import { expect } from 'chai';
import { ConfigError } from '@tenantry/runtime';
import { loadIdentityConfig } from '../src/config.js';

describe('identity config', function () {
  it('has defaults for everything', function () {
    const config = loadIdentityConfig({});
    expect(config).to.include({
      IDENTITY_HOST: '127.0.0.1', IDENTITY_ACCESS_TOKEN_TTL: 3_600_000, IDENTITY_API_AUDIENCE: 'urn:tenantry:api',
    });
    expect(config.IDENTITY_ISSUER).to.equal(undefined);
    expect(config.IDENTITY_WEB_REDIRECT_URIS).to.deep.equal(['http://localhost:4200/auth/callback', 'http://127.0.0.1:8080/auth/callback']);
  });

  it('reads a short token lifetime, a port 0, an issuer without its trailing slash and a list of redirect URIs', function () {
    const config = loadIdentityConfig({
      IDENTITY_ACCESS_TOKEN_TTL: '2s',
      IDENTITY_PORT: '0',
      IDENTITY_ISSUER: 'https://id.tenantry.dev/pool/',
      IDENTITY_WEB_REDIRECT_URIS: 'https://app.tenantry.dev/auth/callback , http://localhost:4200/auth/callback',
    });
    expect(config).to.include({ IDENTITY_ACCESS_TOKEN_TTL: 2000, IDENTITY_PORT: 0, IDENTITY_ISSUER: 'https://id.tenantry.dev/pool' });
    expect(config.IDENTITY_WEB_REDIRECT_URIS).to.deep.equal(['https://app.tenantry.dev/auth/callback', 'http://localhost:4200/auth/callback']);
  });

  it('lists every invalid variable, and never prints a secret', function () {
    let failure: unknown;
    try {
      loadIdentityConfig({
        IDENTITY_ACCESS_TOKEN_TTL: '1500ms',
        IDENTITY_WEB_REDIRECT_URIS: 'http://127.0.0.1:*/callback',
        IDENTITY_CLI_CLIENT_SECRET: 'short',
        IDENTITY_ISSUER: 'ftp://example.com',
      });
    } catch (error) {
      failure = error;
    }
    expect(failure).to.be.instanceOf(ConfigError);
    const { problems, message } = failure as ConfigError;
    expect(problems.map((problem) => problem.variable)).to.have.members([
      'IDENTITY_ACCESS_TOKEN_TTL', 'IDENTITY_WEB_REDIRECT_URIS', 'IDENTITY_CLI_CLIENT_SECRET', 'IDENTITY_ISSUER',
    ]);
    expect(message).to.not.include('short');
  });

  it('refuses clients given both inline and as a file', function () {
    expect(() => loadIdentityConfig({ IDENTITY_CLIENTS: '[]', IDENTITY_CLIENTS_FILE: '/tmp/clients.json' })).to.throw(ConfigError, /not both/);
  });
});
