// Verifies the platform's internal access tokens (RFC 9068 profile) against its JWKS and reads the caller from them.
import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import {
  INTERNAL_TOKEN_ALGORITHMS, INTERNAL_TOKEN_TYPE, createVerifiedTokenCache, readInternalTokenClaims, type InternalTokenClaims,
} from '@tenantry/runtime';
import { BackendError } from '../backend-error.js';

/** Who calls, for which tenant, allowed to do what: everything the backend knows of a caller. */
export type InternalPrincipal = InternalTokenClaims;

export interface InternalTokenVerifier {
  /** Resolves to the caller, or throws BackendError `unauthenticated`. */
  verify(token: string): Promise<InternalPrincipal>;
}

export interface InternalTokenVerifierOptions {
  /** The platform's base URL; the JWKS is at /.well-known/jwks.json under it. */
  readonly platformUrl: string;
  readonly issuer: string;
  readonly audience: string;
}

export function createInternalTokenVerifier({ platformUrl, issuer, audience }: InternalTokenVerifierOptions): InternalTokenVerifier {
  // jose refetches the set when a token names a kid it has not seen (rotation), at most once per cooldown.
  const jwks = createRemoteJWKSet(new URL('/.well-known/jwks.json', platformUrl), { cooldownDuration: 5_000, cacheMaxAge: 600_000 });
  // The gateway presents one internal token per user and tenant for minutes: its signature is checked once.
  const verified = createVerifiedTokenCache<InternalPrincipal>();
  return {
    async verify(token) {
      const known = verified.get(token);
      if (known !== undefined) return known;
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(token, jwks, {
          issuer, audience, typ: INTERNAL_TOKEN_TYPE, algorithms: [...INTERNAL_TOKEN_ALGORITHMS], requiredClaims: ['exp', 'iat'],
        }));
      } catch (error) {
        throw refused(reasonOf(error));
      }
      const read = readInternalTokenClaims(payload);
      if (read === undefined) throw refused('it lacks the claims of an internal token');
      verified.set(token, read.claims, read.expiresAt * 1000);
      return read.claims;
    },
  };
}

// No cause attached: a refused token is the caller's problem, not a failure of ours to log.
function refused(reason: string): BackendError {
  return new BackendError('unauthenticated', 'INVALID_TOKEN', `the bearer token was refused: ${reason}`);
}

function reasonOf(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'it has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `its ${error.claim} claim is not accepted`;
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'no published key matches it';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'its signature does not verify';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'its algorithm is not allowed';
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JOSEError && error.code === 'ERR_JWKS_INVALID') {
    return 'the signing keys could not be fetched';
  }
  return 'it is not a valid internal token';
}
