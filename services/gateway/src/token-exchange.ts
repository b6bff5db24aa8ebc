// Trades a user's external access token for an internal one at the platform's RFC 8693 token endpoint.
import { decodeJwt } from 'jose';
import { GatewayRejection, noSuchTenant } from './gateway-errors.js';

export interface TokenExchangeOptions {
  readonly platformUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly timeoutMs?: number;
}

export interface ExchangeRequest {
  readonly subjectToken: string;
  readonly tenant: string;
  /** The user's ID token, when the client sent one: the platform verifies it and learns the e-mail from it. */
  readonly idToken?: string;
}

export interface InternalToken {
  readonly token: string;
  /** Epoch milliseconds, from the token's own `exp`. */
  readonly expiresAt: number;
}

/** How an exchange ended: the `outcome` label of the exchanges metric. */
export type ExchangeOutcome = 'issued' | 'invalid_target' | 'invalid_grant' | 'unavailable' | 'failed';
export const exchangeOutcomes: readonly ExchangeOutcome[] = ['issued', 'invalid_target', 'invalid_grant', 'unavailable', 'failed'];

export type TokenExchange = (request: ExchangeRequest) => Promise<InternalToken>;

/** A failed exchange: `outcome` says which, `rejection` what the caller is told. */
export class TokenExchangeError extends Error {
  constructor(readonly outcome: Exclude<ExchangeOutcome, 'issued'>, readonly rejection: GatewayRejection) {
    super(rejection.message, { cause: rejection });
    this.name = 'TokenExchangeError';
  }
}

const grantType = 'urn:ietf:params:oauth:grant-type:token-exchange';
const accessTokenType = 'urn:ietf:params:oauth:token-type:access_token';

export function createTokenExchange({ platformUrl, clientId, clientSecret, timeoutMs = 5_000 }: TokenExchangeOptions): TokenExchange {
  const endpoint = new URL('/oauth2/token', platformUrl);
  // RFC 6749 §2.3.1: id and secret are form-encoded before the Basic encoding.
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
  const failure = (outcome: Exclude<ExchangeOutcome, 'issued'>, rejection: GatewayRejection) => new TokenExchangeError(outcome, rejection);

  return async ({ subjectToken, tenant, idToken }) => {
    const body = new URLSearchParams({ grant_type: grantType, subject_token: subjectToken, subject_token_type: accessTokenType, tenant });
    if (idToken !== undefined) body.set('id_token', idToken);
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST', body, signal: AbortSignal.timeout(timeoutMs),
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      });
    } catch (error) {
      throw failure('unavailable', new GatewayRejection('platform_unavailable', 'The platform cannot be reached.', 2, { cause: error }));
    }
    const answer = await response.json().catch(() => ({})) as { access_token?: unknown; error?: unknown };
    if (response.ok && typeof answer.access_token === 'string') {
      const { exp } = decodeJwt(answer.access_token);
      return { token: answer.access_token, expiresAt: (exp ?? 0) * 1000 };
    }
    if (answer.error === 'invalid_target') {
      throw failure('invalid_target', new GatewayRejection('not_a_member', noSuchTenant(tenant)));
    }
    if (answer.error === 'invalid_grant') throw failure('invalid_grant', new GatewayRejection('invalid_token', 'The token was refused by the platform.'));
    if (response.status >= 500) {
      throw failure('unavailable', new GatewayRejection('platform_unavailable', 'The platform cannot issue tokens right now.', 2));
    }
    // invalid_client or invalid_request: the gateway's own configuration or request is wrong, not the user's.
    const cause = new Error(`token endpoint answered ${response.status} ${String(answer.error)}`);
    throw failure('failed', new GatewayRejection('platform_unavailable', 'The gateway cannot obtain a token for this request.', 2, { cause }));
  };
}
