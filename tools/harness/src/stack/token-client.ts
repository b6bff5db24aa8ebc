// What the gateway does with the platform's token endpoint: authenticate as an exchange client, post a form, read the answer.
import { randomBytes } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyResult } from 'jose';

export const tokenExchangeGrant = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const accessTokenType = 'urn:ietf:params:oauth:token-type:access_token';
export const jwtTokenType = 'urn:ietf:params:oauth:token-type:jwt';

export interface ExchangeClient {
  readonly id: string;
  readonly secret: string;
}

export function newExchangeClient(id = 'gateway'): ExchangeClient {
  return { id, secret: randomBytes(32).toString('base64url') };
}

/** PLATFORM_EXCHANGE_CLIENTS for these clients. */
export function exchangeClientsSetting(...clients: readonly ExchangeClient[]): string {
  return clients.map(({ id, secret }) => `${id}:${secret}`).join(',');
}

export interface ExchangeResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: {
    access_token?: string;
    issued_token_type?: string;
    token_type?: string;
    expires_in?: number;
    error?: string;
    error_description?: string;
  };
}

/** The usual request: an access token for a tenant, by resource indicator. */
export function exchangeForm(subjectToken: string, tenant: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    grant_type: tokenExchangeGrant,
    subject_token: subjectToken,
    subject_token_type: accessTokenType,
    resource: `urn:tenantry:tenant:${tenant}`,
    ...extra,
  };
}

/** POSTs to /oauth2/token; `client` undefined sends no Authorization header. A form given as a string is sent as is. */
export async function exchange(platformUrl: string, client: ExchangeClient | undefined, form: Record<string, string> | string): Promise<ExchangeResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (client !== undefined) headers['authorization'] = `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`;
  const body = typeof form === 'string' ? form : new URLSearchParams(form).toString();
  const response = await fetch(`${platformUrl}/oauth2/token`, { method: 'POST', headers, body });
  return { status: response.status, headers: response.headers, body: (await response.json()) as ExchangeResponse['body'] };
}

/** Exchanges and expects a token. */
export async function exchangedToken(platformUrl: string, client: ExchangeClient, form: Record<string, string>): Promise<string> {
  const { status, body } = await exchange(platformUrl, client, form);
  if (status !== 200 || body.access_token === undefined) throw new Error(`the exchange answered ${status}: ${body.error ?? ''} ${body.error_description ?? ''}`);
  return body.access_token;
}

/** Verifies an internal token as the backend will: against the platform's JWKS, for one audience. */
export class InternalTokenVerifier {
  private readonly jwks;

  constructor(platformUrl: string, private readonly issuer: string = platformUrl) {
    // No cooldown: the rotation tests need every unknown kid looked up again at once.
    this.jwks = createRemoteJWKSet(new URL(`${platformUrl}/.well-known/jwks.json`), { cooldownDuration: 0, cacheMaxAge: 0 });
  }

  verify(token: string, audience = 'tenantry-backend'): Promise<JWTVerifyResult<JWTPayload>> {
    return jwtVerify(token, this.jwks, { issuer: this.issuer, audience, typ: 'at+jwt', algorithms: ['ES256', 'RS256'] });
  }
}

export interface PublishedKey {
  readonly kid: string;
  readonly [member: string]: unknown;
}

export async function publishedKeys(platformUrl: string): Promise<PublishedKey[]> {
  const response = await fetch(`${platformUrl}/.well-known/jwks.json`);
  if (!response.ok) throw new Error(`the JWKS answered ${response.status}`);
  return ((await response.json()) as { keys: PublishedKey[] }).keys;
}

/** The value of a counter series on /metrics, by its outcome label (0 when absent). */
export async function exchangeCount(platformUrl: string, outcome: string): Promise<number> {
  const text = await (await fetch(`${platformUrl}/metrics`)).text();
  const line = text.split('\n').find((candidate) =>
    candidate.startsWith('tenantry_token_exchanges_total{') && candidate.includes(`outcome="${outcome}"`));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}
