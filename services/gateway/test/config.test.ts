// The gateway's configuration: defaults, the rate limits format, and every bad variable named at once.
import { expect } from 'chai';
import { ConfigError } from '@tenantry/runtime';
import { loadGatewayConfig, webClientIdOf } from '../src/config.js';

const required = {
  GATEWAY_OIDC_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc',
  GATEWAY_OIDC_CLIENT_IDS: 'web, cli',
  GATEWAY_PLATFORM_URL: 'http://platform:8080',
  GATEWAY_BACKEND_URL: 'http://backend:8080',
  GATEWAY_EXCHANGE_CLIENT_ID: 'gateway',
  GATEWAY_EXCHANGE_CLIENT_SECRET: 'x'.repeat(32),
};

describe('gateway config', () => {
  it('reads the required variables and defaults the rest, without an audience (Cognito)', () => {
    const config = loadGatewayConfig(required);

    expect(config.GATEWAY_OIDC_CLIENT_IDS).to.deep.equal(['web', 'cli']);
    expect(config.GATEWAY_OIDC_AUDIENCE).to.equal(undefined);
    expect(config.GATEWAY_PORT).to.equal(8080);
    expect(config.GATEWAY_RATE_LIMITS.get('standard')).to.deep.equal({ ratePerSecond: 100, burst: 100 });
  });

  it('parses plan:rate and plan:rate/burst', () => {
    const config = loadGatewayConfig({ ...required, GATEWAY_RATE_LIMITS: 'free:10, standard:100/250' });

    expect([...config.GATEWAY_RATE_LIMITS]).to.deep.equal([['free', { ratePerSecond: 10, burst: 10 }], ['standard', { ratePerSecond: 100, burst: 250 }]]);
  });

  it('names every bad variable, and never shows the exchange secret', () => {
    const error = (() => {
      try {
        loadGatewayConfig({ ...required, GATEWAY_EXCHANGE_CLIENT_SECRET: 'short', GATEWAY_RATE_LIMITS: 'free:0', GATEWAY_BACKEND_URL: 'not a url' });
      } catch (failure) {
        return failure;
      }
      return undefined;
    })();

    expect(error).to.be.instanceOf(ConfigError);
    const variables = (error as ConfigError).problems.map((problem) => problem.variable);
    expect(variables).to.include.members(['GATEWAY_EXCHANGE_CLIENT_SECRET', 'GATEWAY_RATE_LIMITS', 'GATEWAY_BACKEND_URL']);
    expect((error as ConfigError).message).to.not.include('short');
  });

  it('requires a limit for the default plan', () => {
    expect(() => loadGatewayConfig({ ...required, GATEWAY_RATE_LIMITS: 'free:10' })).to.throw(ConfigError, /default plan/);
  });

  it('tells the web build where to sign in, as a client the gateway accepts', () => {
    const named = loadGatewayConfig({ ...required, GATEWAY_WEB_ROOT: '/srv/web', GATEWAY_WEB_CLIENT_ID: 'cli' });
    expect(webClientIdOf(named)).to.equal('cli');
    expect(named.GATEWAY_WEB_SCOPE).to.equal('openid email profile');
    expect(named.GATEWAY_WEB_OIDC_ISSUER).to.equal(undefined);
    // Unset: tenantry-web when accepted, else the first accepted client (a Cognito pool's web app client)
    expect(webClientIdOf(loadGatewayConfig({ ...required, GATEWAY_OIDC_CLIENT_IDS: 'cli,tenantry-web' }))).to.equal('tenantry-web');
    expect(webClientIdOf(loadGatewayConfig(required))).to.equal('web');

    expect(() => loadGatewayConfig({ ...required, GATEWAY_WEB_CLIENT_ID: 'stranger' })).to.throw(ConfigError, /stranger/);
  });
});
