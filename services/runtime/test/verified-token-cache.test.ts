// Tests for the verified-token cache: what it hands back, for how long, and how many it keeps.
import { expect } from 'chai';
import { createVerifiedTokenCache } from '../src/index.js';

describe('verified-token cache', () => {
  const clock = () => {
    let at = 1_000_000;
    return { now: () => at, advance: (ms: number) => { at += ms; } };
  };

  it('hands back the verification of exactly the token that was verified', () => {
    const time = clock();
    const cache = createVerifiedTokenCache<string>({ now: time.now });
    cache.set('token-a', 'alice', time.now() + 300_000);
    expect(cache.get('token-a')).to.equal('alice');
    expect(cache.get('token-b')).to.equal(undefined);
  });

  it('forgets a token at its own expiry, even when that comes before the maximum age', () => {
    const time = clock();
    const cache = createVerifiedTokenCache<string>({ now: time.now, maxAgeMs: 60_000 });
    cache.set('token', 'alice', time.now() + 5_000);
    time.advance(4_999);
    expect(cache.get('token')).to.equal('alice');
    time.advance(1);
    expect(cache.get('token')).to.equal(undefined);
  });

  it('verifies again after the maximum age, however long the token still lives', () => {
    const time = clock();
    const cache = createVerifiedTokenCache<string>({ now: time.now, maxAgeMs: 60_000 });
    cache.set('token', 'alice', time.now() + 3_600_000);
    time.advance(60_000);
    expect(cache.get('token')).to.equal(undefined);
  });

  it('keeps nothing for a token that has already expired', () => {
    const time = clock();
    const cache = createVerifiedTokenCache<string>({ now: time.now });
    cache.set('token', 'alice', time.now());
    expect(cache.size()).to.equal(0);
  });

  it('drops the oldest token beyond its size', () => {
    const time = clock();
    const cache = createVerifiedTokenCache<number>({ now: time.now, maxEntries: 2 });
    for (const [index, token] of ['first', 'second', 'third'].entries()) cache.set(token, index, time.now() + 60_000);
    expect([cache.get('first'), cache.get('second'), cache.get('third')]).to.deep.equal([undefined, 1, 2]);
  });
});
