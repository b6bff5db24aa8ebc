// What a relying party does, in plain HTTP: discovery, token requests, PKCE values, JWT verification.
import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload, type JWTVerifyResult } from 'jose';

export interface Discovery {
  readonly issuer: string;
  readonly jwks_uri: string;
  readonly token_endpoint: string;
  readonly authorization_endpoint: string;
  readonly [field: string]: unknown;
}

export async function discover(baseUrl: string): Promise<Discovery> {
  const response = await fetch(`${baseUrl}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`discovery answered ${response.status}`);
  return (await response.json()) as Discovery;
}

export interface TokenResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: {
    access_token?: string;
    id_token?: string;
    refresh_token?: string;
    expires_in?: number;
    scope?: string;
    token_type?: string;
    error?: string;
    error_description?: string;
  };
}

export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret?: string;
}

/** POSTs a token request; a confidential client authenticates with HTTP Basic (client_secret_basic). */
export async function requestToken(
  tokenEndpoint: string,
  client: ClientCredentials,
  parameters: Record<string, string>,
  extraHeaders: Record<string, string> = {},
): Promise<TokenResponse> {
  const headers: Record<string, string> = { ...extraHeaders, 'content-type': 'application/x-www-form-urlencoded' };
  const form = new URLSearchParams(parameters);
  if (client.clientSecret === undefined) form.set('client_id', client.clientId);
  else headers['authorization'] = basic(client.clientId, client.clientSecret);
  const response = await fetch(tokenEndpoint, { method: 'POST', headers, body: form.toString() });
  return { status: response.status, headers: response.headers, body: (await response.json()) as TokenResponse['body'] };
}

// RFC 6749 §2.3.1: both parts are form-urlencoded before being joined.
function basic(id: string, secret: string): string {
  const encode = (text: string): string => encodeURIComponent(text).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString('base64')}`;
}

/** A fresh PKCE verifier and its S256 challenge (RFC 7636). */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Verifies a JWT against the discovered JWKS and issuer, as the gateway will. */
export class TokenVerifier {
  private readonly jwks;

  constructor(private readonly discovery: Discovery) {
    this.jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
  }

  verify(token: string, options: { audience?: string } = {}): Promise<JWTVerifyResult<JWTPayload>> {
    return jwtVerify(token, this.jwks, { issuer: this.discovery.issuer, algorithms: ['RS256'], ...options });
  }
}

export { decodeProtectedHeader };
