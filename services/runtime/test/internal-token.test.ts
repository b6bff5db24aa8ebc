// The internal token's claims, one contract for the platform that writes them and the backend that reads them.
import { expect } from 'chai';
import { internalTokenPrivateClaims, readInternalTokenClaims, type InternalTokenClaims } from '../src/index.js';

const claims: InternalTokenClaims = { subject: 'u-1', tenant: 'acme', roles: ['member'], permissions: ['entries:read'], clientId: 'web', email: 'a@acme.test' };
const registered = { sub: 'u-1', jti: 'j-1', iat: 1_000, exp: 1_300, iss: 'https://platform', aud: 'tenantry-backend' };

describe('internal token claims', () => {
  it('reads back what the signer writes, with the expiry', () => {
    const payload = { ...registered, ...internalTokenPrivateClaims(claims) };
    expect(readInternalTokenClaims(payload)).to.deep.equal({ claims, expiresAt: 1_300 });
  });

  it('leaves the e-mail out when there is no verified one, on both sides', () => {
    const { email: _email, ...withoutEmail } = claims;
    const written = internalTokenPrivateClaims(withoutEmail);
    expect(written).to.not.have.property('email');
    expect(readInternalTokenClaims({ ...registered, ...written })?.claims).to.deep.equal(withoutEmail);
  });

  it('refuses a payload that lacks a claim the backend relies on', () => {
    const payload: Record<string, unknown> = { ...registered, ...internalTokenPrivateClaims(claims) };
    for (const claim of ['sub', 'tenant', 'roles', 'permissions', 'client_id', 'jti', 'exp']) {
      const { [claim]: _dropped, ...without } = payload;
      expect(readInternalTokenClaims(without), claim).to.equal(undefined);
    }
    expect(readInternalTokenClaims({ ...payload, roles: 'admin' }), 'roles must be a list').to.equal(undefined);
  });
});
