// Signs internal access tokens (RFC 9068 JWT profile) with the key that is active now.
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { INTERNAL_TOKEN_TYPE, internalTokenPrivateClaims, type InternalTokenClaims as TokenClaims } from '@tenantry/runtime';
import type { KeyStore } from './key-store.js';

/** The claims of the runtime's internal token, plus the audience it is for. */
export interface InternalTokenClaims extends TokenClaims {
  readonly audience: string;
}

export interface IssuedToken {
  readonly token: string;
  readonly kid: string;
  /** Seconds from issue to expiry. */
  readonly expiresIn: number;
}

/** Epoch seconds. */
export interface TokenTimes {
  readonly issuedAt: number;
  /** Caps the expiry: a token never outlives the one it was exchanged for. */
  readonly notAfter: number;
}

export interface TokenIssuer {
  issue(claims: InternalTokenClaims, times: TokenTimes): Promise<IssuedToken>;
}

export interface TokenIssuerOptions {
  readonly keys: KeyStore;
  /** The `iss` of every token (PLATFORM_TOKEN_ISSUER). */
  readonly issuer: string;
  readonly ttlSeconds: number;
}

export function createTokenIssuer({ keys, issuer, ttlSeconds }: TokenIssuerOptions): TokenIssuer {
  return {
    async issue(claims, { issuedAt, notAfter }) {
      const key = await keys.signer();
      const expiresAt = Math.min(issuedAt + ttlSeconds, notAfter);
      if (expiresAt <= issuedAt) throw new RangeError('an internal token must expire after it is issued');
      const token = await new SignJWT(internalTokenPrivateClaims(claims))
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: INTERNAL_TOKEN_TYPE })
        .setIssuer(issuer)
        .setSubject(claims.subject)
        .setAudience(claims.audience)
        .setJti(randomBytes(16).toString('base64url'))
        .setIssuedAt(issuedAt)
        .setExpirationTime(expiresAt)
        .sign(key.privateKey);
      return { token, kid: key.kid, expiresIn: expiresAt - issuedAt };
    },
  };
}
