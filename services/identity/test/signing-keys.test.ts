// Signing keys: generated at start-up, or loaded from a private JWKS file and checked.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { calculateJwkThumbprint } from 'jose';
import { ConfigError } from '@tenantry/runtime';
import { generateSigningKeys, loadSigningKeys } from '../src/signing-keys.js';

describe('signing keys', function () {
  let dir: string;

  before(function () {
    dir = mkdtempSync(join(tmpdir(), 'identity-keys-'));
  });

  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it('generates one private RS256 key whose kid is its RFC 7638 thumbprint', async function () {
    const keys = await generateSigningKeys();
    expect(keys.source).to.equal('generated');
    const [key] = keys.jwks.keys;
    expect(key).to.include({ kty: 'RSA', alg: 'RS256', use: 'sig' }).and.have.property('d');
    expect(keys.kids).to.deep.equal([await calculateJwkThumbprint(key!, 'sha256')]);
  });

  it('loads a private JWKS file, keeping a given kid and deriving a missing one', async function () {
    const [generated] = (await generateSigningKeys()).jwks.keys;
    const { kid: _kid, ...withoutKid } = generated!;
    const file = join(dir, 'jwks.json');
    writeFileSync(file, JSON.stringify({ keys: [{ ...generated, kid: 'rotation-2026-11' }, withoutKid] }));
    const keys = await loadSigningKeys(file);
    expect(keys.source).to.equal('file');
    expect(keys.kids).to.deep.equal(['rotation-2026-11', generated!.kid]);
  });

  it('refuses a public key, naming the variable and the member', async function () {
    const [generated] = (await generateSigningKeys()).jwks.keys;
    const { d: _d, ...publicOnly } = generated!;
    const file = join(dir, 'public.json');
    writeFileSync(file, JSON.stringify({ keys: [publicOnly] }));
    let failure: unknown;
    await loadSigningKeys(file).catch((error: unknown) => (failure = error));
    expect(failure).to.be.instanceOf(ConfigError);
    expect((failure as ConfigError).problems[0]).to.include({ variable: 'IDENTITY_KEYS_FILE.keys.0.d' });
    expect((failure as ConfigError).message).to.not.include(String(generated!.p));
  });
});
