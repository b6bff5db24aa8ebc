// The key set format and the rotation rules: which key signs, which keys are published, what is refused.
import { expect } from 'chai';
import {
  SigningKeysError, generateSigningKey, parseSigningKeys, publishedKeys, signerOf, type SigningKey,
} from '../../src/tokens/signing-keys.js';
import { privateJwk, publicJwkMembers, type PrivateJwk } from '@tenantry/harness';

const minute = 60_000;
const at = (offsetMs: number) => new Date(Date.UTC(2026, 11, 1, 12) + offsetMs);
const parse = (...keys: PrivateJwk[]) => parseSigningKeys(JSON.stringify({ keys }), 'the test');
const kids = (keys: readonly { kid: string }[]) => keys.map((key) => key.kid);

function refusal(text: string): SigningKeysError {
  try {
    parseSigningKeys(text, 'the test');
  } catch (error) {
    if (error instanceof SigningKeysError) return error;
    throw error;
  }
  throw new Error('the key set was accepted');
}

describe('signing keys', function () {
  it('reads ES256 and RS256 private keys with their rotation times, in order', () => {
    const ec = privateJwk('ES256', { retireAt: at(0) });
    const rsa = privateJwk('RS256', { activateAt: at(-minute) });

    const keys = parse(ec, rsa);

    expect(keys.map((key) => [key.kid, key.alg])).to.deep.equal([[ec.kid, 'ES256'], [rsa.kid, 'RS256']]);
    expect(keys[0]?.retireAt?.toISOString()).to.equal(at(0).toISOString());
    expect(keys[1]?.activateAt?.toISOString()).to.equal(at(-minute).toISOString());
  });

  it('publishes public members only, whatever else the private JWK carried', () => {
    const keys = parse(
      { ...privateJwk('ES256'), k: 'c2VjcmV0', ext: true, note: 'private' },
      privateJwk('RS256'),
    );

    expect(Object.keys(keys[0]!.publicJwk).sort()).to.deep.equal(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
    expect(Object.keys(keys[1]!.publicJwk).sort()).to.deep.equal(['alg', 'e', 'kid', 'kty', 'n', 'use']);
    for (const key of keys) expect(Object.keys(key.publicJwk)).to.satisfy((members: string[]) => members.every((m) => publicJwkMembers.includes(m)));
  });

  it('refuses public keys, keys that do not fit their alg and repeated kids, without quoting key material', () => {
    const ec = privateJwk('ES256');
    const { d, ...publicOnly } = ec;

    const missingD = refusal(JSON.stringify({ keys: [publicOnly] }));
    const wrongAlg = refusal(JSON.stringify({ keys: [{ ...ec, alg: 'RS256' }] }));
    const twice = refusal(JSON.stringify({ keys: [ec, { ...privateJwk('ES256'), kid: ec.kid }] }));
    const noAlg = refusal(JSON.stringify({ keys: [{ ...ec, alg: 'HS256' }] }));

    expect(missingD.message).to.match(/is not a private key/);
    expect(wrongAlg.message).to.match(/RS256 needs an RSA key/);
    expect(twice.message).to.match(new RegExp(`kid ${ec.kid} twice`));
    expect(noAlg.message).to.match(/keys\.0\.alg/);
    for (const error of [missingD, wrongAlg, twice, noAlg]) expect(error.message).to.not.include(String(d));
  });

  it('refuses text that is not JSON, an empty set, and a key that retires before it activates', () => {
    expect(refusal('{"keys": [').message).to.match(/not valid JSON/);
    expect(refusal('{"keys": []}').message).to.match(/holds no key/);
    expect(refusal(JSON.stringify({ keys: [privateJwk('ES256', { activateAt: at(0), retireAt: at(-1) })] })).message)
      .to.match(/retires before it activates/);
    expect(refusal(JSON.stringify({ keys: [{ ...privateJwk('ES256'), retireAt: 'tomorrow' }] })).message)
      .to.match(/keys\.0\.retireAt: expected an ISO 8601 date-time/);
  });

  it('signs with the last active key: a new key takes over at its activateAt, a retired key signs no more', () => {
    const [old, current, next] = parse(
      privateJwk('ES256', { retireAt: at(0) }),
      privateJwk('ES256'),
      privateJwk('RS256', { activateAt: at(10 * minute) }),
    ) as [SigningKey, SigningKey, SigningKey];

    expect(signerOf([old, current, next], at(-minute))?.kid).to.equal(current.kid);
    expect(signerOf([old], at(-minute))?.kid).to.equal(old.kid);
    expect(signerOf([old], at(0))).to.equal(undefined);
    expect(signerOf([old, current, next], at(10 * minute))?.kid).to.equal(next.kid);
  });

  it('publishes keys before they activate, and retired keys until one token lifetime after retirement', () => {
    const keys = parse(privateJwk('ES256', { retireAt: at(0) }), privateJwk('ES256', { activateAt: at(minute) }));
    const lifetime = 5 * minute;

    expect(kids(publishedKeys(keys, at(-minute), lifetime))).to.deep.equal(kids(keys));
    expect(kids(publishedKeys(keys, at(lifetime - 1), lifetime))).to.deep.equal(kids(keys));
    expect(kids(publishedKeys(keys, at(lifetime), lifetime))).to.deep.equal([keys[1]?.kid]);
  });

  it('generates an ES256 development key named by its thumbprint', async () => {
    const key = await generateSigningKey();

    expect(key.alg).to.equal('ES256');
    expect(key.kid).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(key.publicJwk).to.not.have.property('d');
  });
});
