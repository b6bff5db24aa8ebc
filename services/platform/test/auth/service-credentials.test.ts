// The static service credential: exactly the configured token, nothing near it.
import { expect } from 'chai';
import { createStaticServiceCredentials } from '../../src/auth/service-credentials.js';

describe('static service credentials', () => {
  const token = 'a'.repeat(20) + 'service-token-value';
  const credentials = createStaticServiceCredentials({ token, service: 'backend' });

  it('accepts the configured token as the configured service', async () => {
    expect(await credentials.authenticate(token)).to.deep.equal({ service: 'backend' });
  });

  it('refuses any other token, including a prefix, an extension and the empty string', async () => {
    for (const candidate of [token.slice(0, -1), `${token}x`, '', token.toUpperCase()]) {
      expect(await credentials.authenticate(candidate), candidate).to.equal(undefined);
    }
  });
});
