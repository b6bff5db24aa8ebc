// The resolution cache's rules: versioned writes, whole invalidation, switched off while blind, bounded, and the
// serialised answers kept with their entries.
import { expect } from 'chai';
import { createResolutionCache, type Resolution } from '../../src/policy/resolution-cache.js';

const resolution = (user: string, tenant = 'acme'): Resolution => ({ user, tenant, roles: ['viewer'], permissions: ['entries:read'], grantedBy: {} });

describe('resolution cache', () => {
  it('refuses a resolution read before an invalidation that happened while it was in flight', () => {
    const cache = createResolutionCache();
    const readAt = cache.version();

    cache.invalidate();
    cache.set(resolution('ada'), readAt);

    expect(cache.get('ada', 'acme')).to.equal(undefined);
    cache.set(resolution('ada'), cache.version());
    expect(cache.get('ada', 'acme')?.roles).to.deep.equal(['viewer']);
  });

  it('stores and answers nothing while disabled, and starts empty when enabled again', () => {
    const cache = createResolutionCache();
    cache.set(resolution('ada'), cache.version());

    cache.setEnabled(false);
    cache.set(resolution('bob'), cache.version());
    expect(cache.get('ada', 'acme')).to.equal(undefined);
    expect(cache.get('bob', 'acme')).to.equal(undefined);

    cache.setEnabled(true);
    expect(cache.size()).to.equal(0);
  });

  it('keeps users of different tenants apart and forgets the oldest beyond its size', () => {
    const cache = createResolutionCache({ maxEntries: 2 });
    cache.set(resolution('ada', 'acme'), cache.version());
    cache.set(resolution('ada', 'globex'), cache.version());
    cache.set(resolution('bob', 'acme'), cache.version());

    expect(cache.get('ada', 'acme')).to.equal(undefined);
    expect(cache.get('ada', 'globex')?.tenant).to.equal('globex');
    expect(cache.size()).to.equal(2);
  });

  it('expires entries after their maximum age', () => {
    let now = 0;
    const cache = createResolutionCache({ maxAgeMs: 1_000, now: () => now });
    cache.set(resolution('ada'), cache.version());

    now = 1_001;

    expect(cache.get('ada', 'acme')).to.equal(undefined);
  });

  it('serialises a cached resolution once, and drops that body with its entry when the policy changes', () => {
    const cache = createResolutionCache();
    const serialized: string[] = [];
    const serialize = (cached: Resolution) => {
      serialized.push(cached.user);
      return JSON.stringify({ roles: cached.roles });
    };
    cache.set(resolution('ada'), cache.version());

    const first = cache.response('ada', 'acme', serialize);
    const second = cache.response('ada', 'acme', serialize);
    expect(second).to.equal(first);
    expect(serialized).to.deep.equal(['ada']);

    cache.invalidate();
    expect(cache.response('ada', 'acme', serialize)).to.equal(undefined);
    cache.set({ ...resolution('ada'), roles: ['editor'] }, cache.version());
    expect(cache.response('ada', 'acme', serialize)).to.equal('{"roles":["editor"]}');
  });

  it('has no body for a resolution it does not hold, expired or disabled', () => {
    let now = 0;
    const cache = createResolutionCache({ maxAgeMs: 1_000, now: () => now });
    const serialize = (cached: Resolution) => cached.user;
    cache.set(resolution('ada'), cache.version());
    expect(cache.response('bob', 'acme', serialize)).to.equal(undefined);

    now = 1_001;
    expect(cache.response('ada', 'acme', serialize)).to.equal(undefined);

    cache.set(resolution('ada'), cache.version());
    cache.setEnabled(false);
    expect(cache.response('ada', 'acme', serialize)).to.equal(undefined);
  });
});
