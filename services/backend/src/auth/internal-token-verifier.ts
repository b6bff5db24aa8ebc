// Verifies the platform's internal access tokens (RFC 9068 profile) against its JWKS and reads the caller from them.
import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';
import { createVerifiedTokenCache } from '@tenantry/runtime';
import { BackendError } from '../backend-error.js';

/** Who calls, for which tenant, allowed to do what: everything the backend knows of a caller. */
export interface InternalPrincipal {
  readonly subject: string;
  readonly tenant: string;
  readonly roles: readonly string[];
  readonly permissions: readonly string[];
  readonly clientId: string;
  /** Only a verified address reaches an internal token. */
  readonly email?: string;
}

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

// Asymmetric only: an HMAC algorithm would let anyone holding the public key forge tokens.
const algorithms = ['ES256', 'ES384', 'RS256', 'RS384', 'PS256', 'EdDSA'];

const claimsSchema = z.object({
  sub: z.string().min(1),
  tenant: z.string().min(1),
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
  client_id: z.string().min(1),
  email: z.string().optional(),
  jti: z.string().min(1),
  exp: z.number(),
});

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
        ({ payload } = await jwtVerify(token, jwks, { issuer, audience, typ: 'at+jwt', algorithms, requiredClaims: ['exp', 'iat'] }));
      } catch (error) {
        throw refused(reasonOf(error));
      }
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) throw refused('it lacks the claims of an internal token');
      const { sub, tenant, roles, permissions, client_id, email, exp } = claims.data;
      const principal = { subject: sub, tenant, roles, permissions, clientId: client_id, ...(email === undefined ? {} : { email }) };
      verified.set(token, principal, exp * 1000);
      return principal;
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
