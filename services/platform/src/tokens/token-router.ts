// POST /oauth2/token: the token exchange in OAuth's wire format — a form in, JSON out, RFC 6749 §5.2 errors —
// with the outcome of every request counted.
import { performance } from 'node:perf_hooks';
import express, { Router, type ErrorRequestHandler, type RequestHandler, type Response } from 'express';
import { recordTenant, type Logger } from '@tenantry/runtime';
import type { ApiCatalog, DocumentedOperation } from '../http/api-operations.js';
import type { PlatformMetrics, TokenExchangeOutcome } from '../metrics.js';
import type { ExchangeClients } from './exchange-clients.js';
import { OAuthError, invalidRequest, serverError } from './token-errors.js';
import { readTokenExchangeRequest } from './token-exchange-request.js';
import type { TokenExchange } from './token-exchange.js';
import { jwtTokenType, oauthErrorResponse, tokenExchangeForm, tokenExchangeResponse } from './token-schemas.js';

export interface TokenRouterOptions {
  readonly catalog: ApiCatalog;
  readonly clients: ExchangeClients;
  readonly exchange: TokenExchange;
  readonly metrics: Pick<PlatformMetrics, 'tokenExchange'>;
  readonly logger: Logger;
}

export const tokenOperation: DocumentedOperation = {
  operationId: 'exchangeToken', method: 'post', path: '/oauth2/token', tag: 'tokens', access: 'client',
  summary: 'Exchange a user\'s access token for an internal token for one tenant (RFC 8693)',
  description: 'The caller (the gateway) authenticates with HTTP Basic; the subject token is verified against the '
    + 'external OIDC provider, and the user must hold a role in the tenant. Platform admins are not members by default.',
  body: tokenExchangeForm,
  bodyMediaType: 'application/x-www-form-urlencoded',
  success: { status: 200, description: 'The internal token', schema: tokenExchangeResponse },
  problems: [503],
  errorSchema: oauthErrorResponse,
};

const formRequired = 'the request body must be application/x-www-form-urlencoded';

const startedAt = Symbol('token request start');
type TimedResponse = Response & { [startedAt]?: number };

export function createTokenRouter({ catalog, clients, exchange, metrics, logger }: TokenRouterOptions): Router {
  catalog.operations.push(tokenOperation);
  const router = Router();

  const record = (res: TimedResponse, outcome: TokenExchangeOutcome): void => {
    metrics.tokenExchange(outcome, (performance.now() - (res[startedAt] ?? performance.now())) / 1000);
  };

  const startTimer: RequestHandler = (_req, res: TimedResponse, next) => {
    res[startedAt] = performance.now();
    next();
  };

  const serve: RequestHandler = async (req, res) => {
    const client = clients.authenticate(req.get('authorization'));
    // The app parses JSON bodies for the other routes; RFC 6749 §3.2 allows a form only.
    if (req.is('application/x-www-form-urlencoded') === false) throw invalidRequest(formRequired);
    const request = readTokenExchangeRequest(req.body);
    recordTenant(request.tenant);
    const { accessToken, expiresIn } = await exchange.exchange(client, request);
    send(res, 200, tokenExchangeResponse.parse({
      access_token: accessToken, issued_token_type: jwtTokenType, token_type: 'Bearer', expires_in: expiresIn,
    }));
    record(res, 'issued');
  };

  // Mapped here, not by the problem handler: OAuth clients expect RFC 6749 §5.2 errors from a token endpoint.
  const refuse: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
    const refusal = oauthErrorOf(error);
    if (refusal.error === 'server_error') logger.error('token request failed', { error });
    else logger.info('token request refused', { outcome: refusal.error, reason: refusal.reason });
    for (const [name, value] of Object.entries(refusal.headers)) res.setHeader(name, value);
    send(res, refusal.status, { error: refusal.error, error_description: refusal.message });
    record(res, refusal.error);
  };

  router.post(tokenOperation.path, startTimer, express.urlencoded({ extended: false, limit: '32kb' }), serve, refuse);
  return router;
}

function oauthErrorOf(error: unknown): OAuthError {
  if (error instanceof OAuthError) return error;
  // body-parser's own errors: a body that is not a readable form.
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return invalidRequest(status === 413 ? 'the request body is too large' : 'the request body is not a readable form');
  }
  return serverError();
}

/** RFC 6749 §5.1: token responses must not be cached. */
function send(res: Response, status: number, body: unknown): void {
  res.status(status).set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' }).json(body);
}
