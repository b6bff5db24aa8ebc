// Internal tokens per (user, tenant, external token), reused for a bounded time (never past shortly before they expire);
// concurrent misses share one exchange.
import type { InternalToken, TokenExchange } from './token-exchange.js';

export interface TokenCacheOptions {
  readonly exchange: TokenExchange;
  /** A token is not handed out once this close to its expiry (the request must still reach the backend in time). */
  readonly marginMs?: number;
  /**
   * How long one exchange's answer is reused. This bounds how long a change of the caller's grant (a membership
   * removed, a role changed) takes to reach requests: the next exchange asks the platform's policy again.
   */
  readonly reuseMs?: number;
  readonly maxEntries?: number;
  readonly now?: () => number;
}

export interface TokenKey {
  readonly subject: string;
  readonly tenant: string;
  /** `jti` or hash of the external token: a new sign-in never reuses the previous token's grant. */
  readonly tokenId: string;
  readonly subjectToken: string;
  /** Passed to the exchange, not part of the key: it only helps the platform bind e-mail memberships. */
  readonly idToken?: string;
}

export interface TokenCache {
  /** A cached internal token, or the result of one exchange shared by every concurrent caller. */
  get(key: TokenKey): Promise<{ token: InternalToken; cached: boolean }>;
  size(): number;
}

export function createTokenCache(options: TokenCacheOptions): TokenCache {
  const { exchange, marginMs = 30_000, reuseMs = 15_000, maxEntries = 10_000, now = Date.now } = options;
  const tokens = new Map<string, { readonly token: InternalToken; readonly until: number }>();
  const pending = new Map<string, Promise<InternalToken>>();

  const store = (id: string, token: InternalToken) => {
    const until = Math.min(token.expiresAt - marginMs, now() + reuseMs);
    if (until <= now()) return;
    if (tokens.size >= maxEntries) {
      for (const [key, entry] of tokens) if (entry.until <= now()) tokens.delete(key);
      // Still full: drop the oldest entry (Map keeps insertion order).
      const oldest = tokens.size >= maxEntries ? tokens.keys().next().value : undefined;
      if (oldest !== undefined) tokens.delete(oldest);
    }
    tokens.set(id, { token, until });
  };

  return {
    async get({ subject, tenant, tokenId, subjectToken, idToken }) {
      // A tenant name is a DNS label (no spaces); the subject's length marks where it ends and the token id begins.
      const id = `${tenant} ${subject.length}:${subject}${tokenId}`;
      const hit = tokens.get(id);
      if (hit !== undefined && hit.until > now()) return { token: hit.token, cached: true };
      if (hit !== undefined) tokens.delete(id);
      let flight = pending.get(id);
      const shared = flight !== undefined;
      if (flight === undefined) {
        flight = exchange({ subjectToken, tenant, ...(idToken === undefined ? {} : { idToken }) }).then((token) => {
          store(id, token);
          return token;
        }).finally(() => pending.delete(id));
        pending.set(id, flight);
      }
      return { token: await flight, cached: shared };
    },
    size: () => tokens.size,
  };
}
