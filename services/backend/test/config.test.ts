// The backend's settings: defaults, and every bad variable named at once.
import { expect } from 'chai';
import { ConfigError } from '@tenantry/runtime';
import { loadBackendConfig } from '../src/config.js';

const required = {
  BACKEND_PLATFORM_URL: 'http://platform:8080',
  BACKEND_PLATFORM_SERVICE_TOKEN: 'x'.repeat(32),
  BACKEND_TOKEN_ISSUER: 'http://platform:8080',
};

describe('backend configuration', () => {
  it('fills in the defaults', () => {
    const config = loadBackendConfig(required);

    expect(config).to.include({
      BACKEND_PORT: 8080, BACKEND_TOKEN_AUDIENCE: 'tenantry-backend', BACKEND_MAX_CONNECTIONS: 100, BACKEND_TENANT_MAX_CONCURRENCY: 10, BACKEND_ROUTING: 'role',
      BACKEND_POOL_IDLE_TIMEOUT: 60_000, LOG_LEVEL: 'info',
    });
  });

  it('names every invalid variable and never shows the service token', () => {
    const attempt = () => loadBackendConfig({
      ...required, BACKEND_PLATFORM_SERVICE_TOKEN: 'short-secret', BACKEND_TENANT_MAX_CONCURRENCY: '0', BACKEND_POOL_IDLE_TIMEOUT: 'soon', BACKEND_ROUTING: 'pgbouncer',
    });

    expect(attempt).to.throw(ConfigError).that.satisfies((error: ConfigError) => {
      expect(error.problems.map((problem) => problem.variable))
        .to.have.members(['BACKEND_PLATFORM_SERVICE_TOKEN', 'BACKEND_TENANT_MAX_CONCURRENCY', 'BACKEND_POOL_IDLE_TIMEOUT', 'BACKEND_ROUTING']);
      expect(error.message).to.not.contain('short-secret');
      return true;
    });
  });
});
