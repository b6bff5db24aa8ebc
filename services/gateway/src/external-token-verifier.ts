// Verifies the external OIDC provider's access tokens (Cognito, or the local provider): discovery, JWKS, Cognito rules.
// A small twin of the platform's verifier: both should move to the runtime package.
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { GatewayRejection } from './gateway-errors.js';

export interface ExternalTokenVerifierOptions {
  /** Exactly as tokens carry it in `iss`. */
  readonly issuer: string;
  /** App clients whose access tokens are accepted (Cognito's `client_id` claim). */
  readonly clientIds: readonly string[];
  /** Checked only when set: Cognito access tokens carry no `aud`. */
  readonly audience?: string;
  readonly timeoutMs?: number;
}

/** Who a verified access token speaks for, and what identifies the token itself. */
export interface ExternalPrincipal {
  readonly subject: string;
  /** `jti`, or a hash of the token when it has none: the token cache's key. */
  readonly tokenId: string;
  readonly expiresAt: number;
}

export type ExternalTokenVerifier = (token: string) => Promise<ExternalPrincipal>;

// Asymmetric algorithms only: an HMAC "alg" would let anyone holding a public key forge tokens.
const algorithms = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export function createExternalTokenVerifier({ issuer, clientIds, audience, timeoutMs = 5_000 }: ExternalTokenVerifierOptions): ExternalTokenVerifier {
  let keys: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;
  const keySet = () => {
    if (keys !== undefined) return keys;
    const pending = discoverJwksUri(issuer, timeoutMs)
      .then((uri) => createRemoteJWKSet(uri, { timeoutDuration: timeoutMs, cooldownDuration: 30_000 }));
    // A failed discovery is retried by the next request rather than remembered.
    keys = pending;
    pending.catch(() => { if (keys === pending) keys = undefined; });
    return pending;
  };

  return async (token) => {
    const jwks = await keySet();
    const { payload } = await jwtVerify(token, jwks, {
      issuer, algorithms, clockTolerance: 30, requiredClaims: ['sub', 'exp'], ...(audience === undefined ? {} : { audience }),
    }).catch((error: unknown) => { throw rejectionOf(error); });
    // Cognito signs ID tokens with the same keys; only access tokens authorise API calls.
    if (payload['token_use'] !== 'access') throw new GatewayRejection('invalid_token', 'The token is not an access token.');
    const clientId = payload['client_id'];
    if (typeof clientId !== 'string' || !clientIds.includes(clientId)) {
      throw new GatewayRejection('invalid_token', 'The token was issued to a client this gateway does not accept.');
    }
    const tokenId = typeof payload.jti === 'string' ? `jti:${payload.jti}` : `sha256:${createHash('sha256').update(token).digest('base64url')}`;
    return { subject: payload.sub!, tokenId, expiresAt: payload.exp! * 1000 };
  };
}

/** OpenID Connect Discovery 1.0 §4: the document must name the very issuer it was fetched for. */
async function discoverJwksUri(issuer: string, timeoutMs: number): Promise<URL> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
    .catch((error: unknown) => { throw new GatewayRejection('issuer_unavailable', 'The identity provider cannot be reached.', 5, { cause: error }); });
  const document = (response.ok ? await response.json().catch(() => ({})) : {}) as { issuer?: unknown; jwks_uri?: unknown };
  if (document.issuer !== issuer || typeof document.jwks_uri !== 'string') {
    throw new GatewayRejection('issuer_unavailable', 'The identity provider\'s discovery document is unusable.', 5);
  }
  return new URL(document.jwks_uri);
}

function rejectionOf(error: unknown): GatewayRejection {
  if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError) || error.code === 'ERR_JOSE_GENERIC') {
    return new GatewayRejection('issuer_unavailable', 'The identity provider\'s signing keys cannot be fetched.', 5, { cause: error });
  }
  if (error instanceof errors.JWTExpired) return new GatewayRejection('invalid_token', 'The token has expired.', undefined, { cause: error });
  return new GatewayRejection('invalid_token', 'The token is not valid.', undefined, { cause: error });
}
