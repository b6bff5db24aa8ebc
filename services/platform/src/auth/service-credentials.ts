// Authenticates internal callers (the backend, the gateway): for now one static bearer token, compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';

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
  readonly token: string;
  /** The identity a caller presenting the token gets. */
  readonly service?: string;
}

export function createStaticServiceCredentials({ token, service = 'internal' }: StaticServiceCredentialsOptions): ServiceCredentials {
  // Comparing digests makes both sides the same length, so neither content nor length leaks through timing.
  const expected = digest(token);
  return {
    authenticate(candidate) {
      return Promise.resolve(timingSafeEqual(digest(candidate), expected) ? { service } : undefined);
    },
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
