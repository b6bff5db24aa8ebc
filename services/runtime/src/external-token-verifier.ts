// Verifies access tokens of the external OIDC provider (Cognito, or the local one) by discovery + JWKS,
// with Cognito's rules; shared by every service that accepts a user's token (platform API, gateway).
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { TenantryError } from './errors.js';
import { createVerifiedTokenCache } from './verified-token-cache.js';

export interface ExternalTokenVerifierOptions {
  /** The issuer exactly as tokens carry it in `iss`, e.g. https://cognito-idp.<region>.amazonaws.com/<poolId>. */
  readonly issuer: string;
  /** App clients whose access tokens are accepted (Cognito's `client_id` claim). */
  readonly clientIds: readonly string[];
  /** Checked only when set: Cognito access tokens carry no `aud`, oidc-provider's always do. */
  readonly audience?: string;
  readonly algorithms?: readonly string[];
  readonly clockToleranceSeconds?: number;
  /** For the discovery and JWKS requests. */
  readonly timeoutMs?: number;
}

/** Who a verified access token speaks for. */
export interface ExternalPrincipal {
  /** The OIDC subject: the stable user id. */
  readonly subject: string;
  readonly clientId: string;
  readonly username?: string;
  readonly email?: string;
  readonly emailVerified: boolean;
  /** Cognito's `cognito:groups`. */
  readonly groups: readonly string[];
  readonly scopes: readonly string[];
  readonly expiresAt: Date;
  /** `jti`, or a hash of the token when it has none: identifies this token, e.g. as a cache key. */
  readonly tokenId: string;
}

/** What a verified ID token says about the user's e-mail. */
export interface IdTokenIdentity {
  readonly email?: string;
  readonly emailVerified: boolean;
}

export interface ExternalTokenVerifier {
  /** Throws TokenRejectedError for a bad token, IssuerUnavailableError when the keys cannot be fetched. */
  verify(token: string): Promise<ExternalPrincipal>;
  /**
   * Verifies an ID token of the same issuer, issued to `clientId` (its `aud`) for `subject`: where the e-mail
   * comes from when the access token has none (Cognito). Throws as `verify` does.
   */
  verifyIdToken(token: string, expected: { readonly subject: string; readonly clientId: string }): Promise<IdTokenIdentity>;
}

/** The token is not acceptable; `message` says why in words safe to show the caller. */
export class TokenRejectedError extends TenantryError {
  constructor(message: string, options?: ErrorOptions) {
    super('TOKEN_REJECTED', message, options);
  }
}

/** Discovery or the JWKS could not be fetched: nothing is wrong with the token as far as we know. */
export class IssuerUnavailableError extends TenantryError {
  constructor(message: string, options?: ErrorOptions) {
    super('ISSUER_UNAVAILABLE', message, options);
  }
}

// Asymmetric algorithms only: an HMAC "alg" would let anyone holding a public key forge tokens.
const defaultAlgorithms = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export function createExternalTokenVerifier(options: ExternalTokenVerifierOptions): ExternalTokenVerifier {
  const { issuer, clientIds, audience, algorithms = defaultAlgorithms, clockToleranceSeconds = 30, timeoutMs = 5_000 } = options;
  let keys: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;

  const keySet = () => {
    if (keys === undefined) {
      const pending = discoverJwksUri(issuer, timeoutMs)
        .then((uri) => createRemoteJWKSet(uri, { timeoutDuration: timeoutMs, cooldownDuration: 30_000 }));
      keys = pending;
      // A failed discovery is retried by the next request rather than remembered.
      pending.catch(() => {
        if (keys === pending) keys = undefined;
      });
    }
    return keys;
  };

  const verified = async (token: string, expectedAudience: string | undefined): Promise<JWTPayload> => {
    const jwks = await keySet();
    try {
      const { payload } = await jwtVerify(token, jwks, {
        issuer,
        ...(expectedAudience === undefined ? {} : { audience: expectedAudience }),
        algorithms: [...algorithms],
        clockTolerance: clockToleranceSeconds,
        requiredClaims: ['sub', 'exp'],
      });
      return payload;
    } catch (error) {
      throw translateJoseError(error);
    }
  };

  // Users send the same access token with every request until it expires: its signature is checked once.
  const principals = createVerifiedTokenCache<ExternalPrincipal>();
  return {
    async verify(token) {
      const known = principals.get(token);
      if (known !== undefined) return known;
      const principal = principalOf(await verified(token, audience), clientIds, token);
      principals.set(token, principal, principal.expiresAt.getTime());
      return principal;
    },
    async verifyIdToken(token, { subject, clientId }) {
      // OIDC Core §2: an ID token's audience is the client it was issued to.
      const payload = await verified(token, clientId);
      if (payload['token_use'] !== 'id') throw new TokenRejectedError('the token is not an ID token (token_use must be "id")');
      if (payload.sub !== subject) throw new TokenRejectedError('the ID token is about another user than the access token');
      const email = payload['email'];
      return {
        ...(typeof email === 'string' ? { email } : {}),
        emailVerified: isTrue(payload['email_verified']),
      };
    },
  };
}

// Cognito has sent both true and "true" over the years.
function isTrue(claim: unknown): boolean {
  return claim === true || claim === 'true';
}

/** OpenID Connect Discovery 1.0 §4: the document must name the very issuer it was fetched for. */
async function discoverJwksUri(issuer: string, timeoutMs: number): Promise<URL> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  let document: { issuer?: unknown; jwks_uri?: unknown };
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    document = await response.json() as typeof document;
  } catch (error) {
    throw new IssuerUnavailableError(`OIDC discovery at ${url} failed: ${(error as Error).message}`, { cause: error });
  }
  if (document.issuer !== issuer) {
    throw new IssuerUnavailableError(`OIDC discovery at ${url} names the issuer ${String(document.issuer)}, expected ${issuer}`);
  }
  if (typeof document.jwks_uri !== 'string') throw new IssuerUnavailableError(`OIDC discovery at ${url} has no jwks_uri`);
  return new URL(document.jwks_uri);
}

function translateJoseError(error: unknown): Error {
  if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError) || error.code === 'ERR_JOSE_GENERIC') {
    return new IssuerUnavailableError(`the issuer's signing keys could not be fetched: ${(error as Error).message}`, { cause: error });
  }
  if (error instanceof errors.JWTExpired) return new TokenRejectedError('the token has expired', { cause: error });
  if (error instanceof errors.JWKSNoMatchingKey) return new TokenRejectedError('the token is signed by an unknown key', { cause: error });
  if (error instanceof errors.JWSSignatureVerificationFailed) return new TokenRejectedError('the token signature is invalid', { cause: error });
  if (error instanceof errors.JOSEAlgNotAllowed) return new TokenRejectedError('the token is signed with an algorithm not accepted', { cause: error });
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new TokenRejectedError(`the token's ${error.claim} claim is not acceptable: ${error.reason}`, { cause: error });
  }
  return new TokenRejectedError('the token is malformed', { cause: error });
}

function principalOf(payload: JWTPayload, clientIds: readonly string[], token: string): ExternalPrincipal {
  // Cognito: an ID token is signed by the same keys; only access tokens authorise API calls.
  if (payload['token_use'] !== 'access') throw new TokenRejectedError('the token is not an access token (token_use must be "access")');
  const clientId = payload['client_id'];
  if (typeof clientId !== 'string' || !clientIds.includes(clientId)) {
    throw new TokenRejectedError('the token was issued to a client this service does not accept');
  }
  const groups = payload['cognito:groups'];
  const scope = payload['scope'];
  const email = payload['email'];
  const emailVerified = payload['email_verified'];
  const username = payload['username'];
  return {
    subject: payload.sub ?? '',
    clientId,
    ...(typeof username === 'string' ? { username } : {}),
    ...(typeof email === 'string' ? { email } : {}),
    emailVerified: isTrue(emailVerified),
    groups: Array.isArray(groups) ? groups.filter((group): group is string => typeof group === 'string') : [],
    scopes: typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [],
    expiresAt: new Date((payload.exp ?? 0) * 1000),
    tokenId: typeof payload.jti === 'string' ? `jti:${payload.jti}` : `sha256:${createHash('sha256').update(token).digest('base64url')}`,
  };
}
