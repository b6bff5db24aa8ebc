// Authenticates internal callers (the backend): static bearer tokens, compared in constant time. Several are accepted
// at once so a token can be rotated without downtime: add the new one, move the callers, remove the old one.
import { hash, timingSafeEqual } from 'node:crypto';

/** An internal service that proved who it is. */
export interface ServiceIdentity {
  readonly service: string;
}

/**
 * The one place that decides whether a bearer token is a service credential. The token-exchange work may
 * replace the static token with client-credentials tokens behind this same interface.
 */
export interface ServiceCredentials {
  authenticate(token: string): Promise<ServiceIdentity | undefined>;
}

export interface StaticServiceCredentialsOptions {
  readonly tokens: readonly string[];
  /** The identity a caller presenting the token gets. */
  readonly service?: string;
}

export function createStaticServiceCredentials({ tokens, service = 'internal' }: StaticServiceCredentialsOptions): ServiceCredentials {
  // Comparing digests makes both sides the same length, so neither content nor length leaks through timing; every
  // token is compared, so neither does which one matched.
  const expected = tokens.map(digest);
  return {
    authenticate(candidate) {
      const presented = digest(candidate);
      const matches = expected.reduce((found, token) => timingSafeEqual(presented, token) || found, false);
      return Promise.resolve(matches ? { service } : undefined);
    },
  };
}

// The one-shot hash: a Hash object per request was a visible share of a hot resolve's profile.
function digest(value: string): Buffer {
  return hash('sha256', value, 'buffer');
}
