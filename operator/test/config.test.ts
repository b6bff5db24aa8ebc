// The operator refuses a bad environment at start-up, naming every variable that is wrong.
import { expect } from 'chai';
import { ConfigError } from '@tenantry/runtime';
import { loadOperatorConfig } from '../src/config.js';

describe('operator config', () => {
  it('applies defaults for an empty environment', () => {
    const config = loadOperatorConfig({});
    expect(config).to.include({
      OPERATOR_NAMESPACE: 'tenantry-system', OPERATOR_CONCURRENCY: 8, OPERATOR_LEADER_ELECTION: true,
      OPERATOR_LEASE_DURATION: 15_000, OPERATOR_RESYNC_PERIOD: 600_000, TENANT_MIGRATIONS_DIR: 'migrations/tenant',
    });
  });

  it('lists every invalid variable by name', () => {
    let error: unknown;
    try {
      loadOperatorConfig({ OPERATOR_CONCURRENCY: 'lots', OPERATOR_RESYNC_PERIOD: 'soon', OPERATOR_LEADER_ELECTION: 'maybe', OPERATOR_NAMESPACE: 'Bad_Name' });
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(ConfigError);
    const variables = (error as ConfigError).problems.map((problem) => problem.variable).sort();
    expect(variables).to.deep.equal(['OPERATOR_CONCURRENCY', 'OPERATOR_LEADER_ELECTION', 'OPERATOR_NAMESPACE', 'OPERATOR_RESYNC_PERIOD']);
    expect((error as Error).message).to.match(/OPERATOR_CONCURRENCY/);
  });

  it('refuses a renew deadline that does not fit in the lease', () => {
    expect(() => loadOperatorConfig({ OPERATOR_LEASE_DURATION: '5s', OPERATOR_RENEW_DEADLINE: '10s' }))
      .to.throw(ConfigError, /OPERATOR_RENEW_DEADLINE/);
  });
});
