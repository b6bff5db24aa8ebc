// The static service credential: exactly the configured token, nothing near it.
import { expect } from 'chai';
import { createStaticServiceCredentials } from '../../src/auth/service-credentials.js';

describe('static service credentials', () => {
  const token = 'a'.repeat(20) + 'service-token-value';
  const credentials = createStaticServiceCredentials({ tokens: [token], service: 'backend' });

  it('accepts the configured token as the configured service', async () => {
    expect(await credentials.authenticate(token)).to.deep.equal({ service: 'backend' });
  });

  it('refuses any other token, including a prefix, an extension and the empty string', async () => {
    for (const candidate of [token.slice(0, -1), `${token}x`, '', token.toUpperCase()]) {
      expect(await credentials.authenticate(candidate), candidate).to.equal(undefined);
    }
  });

  it('accepts each of several tokens during a rotation, and only those', async () => {
    const next = 'b'.repeat(20) + 'the-token-rotated-to';
    const rotating = createStaticServiceCredentials({ tokens: [token, next], service: 'backend' });
    expect(await rotating.authenticate(token)).to.deep.equal({ service: 'backend' });
    expect(await rotating.authenticate(next)).to.deep.equal({ service: 'backend' });
    expect(await rotating.authenticate(`${token},${next}`)).to.equal(undefined);
  });
});
