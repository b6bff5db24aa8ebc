// Signs internal access tokens (RFC 9068 JWT profile) with the key that is active now.
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import type { KeyStore } from './key-store.js';

/** Who and what an internal token speaks for. */
export interface InternalTokenClaims {
  /** The external subject: the user's stable id. */
  readonly subject: string;
  readonly audience: string;
  readonly tenant: string;
  readonly roles: readonly string[];
  readonly permissions: readonly string[];
  /** The app client the user signed in with (the external token's client_id). */
  readonly clientId: string;
  /** Only a verified address. */
  readonly email?: string;
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
      const token = await new SignJWT({
        tenant: claims.tenant,
        roles: [...claims.roles],
        permissions: [...claims.permissions],
        client_id: claims.clientId,
        ...(claims.email === undefined ? {} : { email: claims.email }),
      })
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt' })
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
