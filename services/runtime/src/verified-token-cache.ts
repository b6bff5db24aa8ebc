// Remembers what a bearer token was verified as, for a short while: a client presents the same token on every
// request of a session, and checking its signature each time was the largest single CPU cost of a request.
export interface VerifiedTokenCacheOptions {
  /** Oldest entries go first beyond this many tokens. */
  readonly maxEntries?: number;
  /**
   * How long one verification is trusted at most, whatever the token's own expiry: a key withdrawn from the
   * issuer's JWKS stops its tokens within this time.
   */
  readonly maxAgeMs?: number;
  readonly now?: () => number;
}

export interface VerifiedTokenCache<T> {
  /** The earlier verification of exactly this token, while it holds. */
  get(token: string): T | undefined;
  /** `expiresAtMs`: the token's own expiry (epoch milliseconds); nothing is kept past it. */
  set(token: string, verified: T, expiresAtMs: number): void;
  size(): number;
}

interface Entry<T> {
  readonly verified: T;
  readonly until: number;
}

export function createVerifiedTokenCache<T>({ maxEntries = 10_000, maxAgeMs = 60_000, now = Date.now }: VerifiedTokenCacheOptions = {}): VerifiedTokenCache<T> {
  const entries = new Map<string, Entry<T>>();
  return {
    get(token) {
      const entry = entries.get(token);
      if (entry === undefined) return undefined;
      if (entry.until > now()) return entry.verified;
      entries.delete(token);
      return undefined;
    },
    set(token, verified, expiresAtMs) {
      const until = Math.min(expiresAtMs, now() + maxAgeMs);
      if (until <= now()) return;
      entries.delete(token);
      entries.set(token, { verified, until });
      // Map order is insertion order: the first key is the oldest entry.
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
    size: () => entries.size,
  };
}
