// scrypt password hashes: salted, verifiable, and strict about their format.
import { expect } from 'chai';
import { PasswordHashFormatError, assertPasswordHash, hashPassword, verifyPassword } from '../src/password-hash.js';

describe('password hash', function () {
  it('verifies the password it was made from and nothing else', async function () {
    const hash = await hashPassword('Acme-alice-1');
    expect(hash).to.match(/^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(await verifyPassword('Acme-alice-1', hash)).to.equal(true);
    expect(await verifyPassword('acme-alice-1', hash)).to.equal(false);
    expect(await verifyPassword('', hash)).to.equal(false);
  });

  it('salts every hash, so equal passwords never give equal hashes', async function () {
    expect(await hashPassword('same password')).to.not.equal(await hashPassword('same password'));
  });

  it('never contains the password', async function () {
    expect(await hashPassword('Tenantry-admin-1')).to.not.include('Tenantry-admin-1');
  });

  it('refuses a stored hash in another format', async function () {
    expect(() => assertPasswordHash('$2b$10$abcdefghijklmnopqrstuv')).to.throw(PasswordHashFormatError);
    let failure: unknown;
    await verifyPassword('x', 'plain-text-password').catch((error: unknown) => (failure = error));
    expect(failure).to.be.instanceOf(PasswordHashFormatError).and.have.property('code', 'PASSWORD_HASH_INVALID');
  });
});
