// Authentication of the token endpoint's callers by HTTP Basic client credentials.
import { expect } from 'chai';
import { createExchangeClients } from '../../src/tokens/exchange-clients.js';
import { OAuthError } from '../../src/tokens/token-errors.js';

const secret = 'a-secret-of-at-least-32-characters-&+:';
const clients = createExchangeClients([{ id: 'gateway', secret }, { id: 'reports', secret: `${secret}-2` }]);

const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;
// RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined.
const encoded = (id: string, value: string) => basic(`${encodeURIComponent(id)}:${encodeURIComponent(value).replace(/%20/g, '+')}`);

function refusal(authorization: string | undefined): OAuthError {
  try {
    clients.authenticate(authorization);
  } catch (error) {
    if (error instanceof OAuthError) return error;
    throw error;
  }
  throw new Error('the caller was accepted');
}

describe('exchange clients', function () {
  it('accepts a configured client by its form-encoded Basic credentials', () => {
    expect(clients.authenticate(encoded('gateway', secret))).to.deep.equal({ clientId: 'gateway' });
    expect(clients.authenticate(encoded('reports', `${secret}-2`).replace('Basic ', 'basic  '))).to.deep.equal({ clientId: 'reports' });
  });

  it('refuses a missing header, another scheme, a wrong secret and an unknown client with invalid_client and a Basic challenge', () => {
    for (const authorization of [undefined, 'Bearer abc', basic('gateway'), encoded('gateway', `${secret}x`), encoded('stranger', secret), encoded('reports', secret)]) {
      const error = refusal(authorization);
      expect(error.error, String(authorization)).to.equal('invalid_client');
      expect(error.status).to.equal(401);
      expect(error.headers['WWW-Authenticate']).to.match(/^Basic realm="tenantry"/);
    }
  });

  it('refuses every caller when no client is configured', () => {
    expect(() => createExchangeClients([]).authenticate(encoded('gateway', secret))).to.throw(OAuthError, 'client authentication failed');
  });
});
