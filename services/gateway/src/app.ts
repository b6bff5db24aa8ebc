// The gateway's request listener: the two proxy routes served directly (/api/*: verify → tenant gate → rate limit →
// exchange → backend; /platform/v1/*: the external token passed through), and an Express app for the rest
// (probes and metrics, the public OpenAPI document, the optional web build).
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import express from 'express';
import type { Registry } from 'prom-client';
import {
  REQUEST_ID_HEADER, accessLog, directRoutes, recordTenant, healthRouter, httpMetricsMiddleware, notFoundHandler, problemHandler,
  type DirectRoute, type Logger,
} from '@tenantry/runtime';
import type { ExternalPrincipal, ExternalTokenVerifier } from './external-token-verifier.js';
import { forwardedHeaders } from './forwarded-headers.js';
import { GatewayRejection, TENANT_HEADER, noSuchTenant, toProblem } from './gateway-errors.js';
import type { InFlightLimits } from './in-flight-limits.js';
import type { GatewayMetrics } from './metrics.js';
import type { PublicOpenApi } from './public-openapi.js';
import type { RateLimiter } from './rate-limiter.js';
import { readRequestBody } from './request-body.js';
import type { TenantGate } from './tenant-gate.js';
import type { TokenCache } from './token-cache.js';
import { TokenExchangeError } from './token-exchange.js';
import type { UpstreamProxy } from './upstream-proxy.js';
import { createWebApp, type WebRuntimeConfig } from './web-app.js';

export interface GatewayAppOptions {
  readonly logger: Logger;
  readonly registry: Registry;
  readonly metrics: GatewayMetrics;
  readonly ready: () => boolean;
  readonly verify: ExternalTokenVerifier;
  readonly gate: TenantGate;
  readonly limiter: RateLimiter;
  readonly tokens: TokenCache;
  readonly backend: UpstreamProxy;
  readonly platform: UpstreamProxy;
  readonly publicApi: PublicOpenApi;
  readonly inFlight: InFlightLimits;
  /** Request bodies are read whole, up to this size, before anything is sent upstream. */
  readonly maxBodyBytes: number;
  /** The web build and what it is told about its environment. */
  readonly web?: { readonly root: string; readonly config: WebRuntimeConfig; readonly identityOrigins?: () => Promise<readonly string[]> };
}

const probes = new Set(['/healthz', '/readyz', '/metrics']);
export const ID_TOKEN_HEADER = 'x-id-token';
// A Kubernetes object name as the Tenant CRD allows it (a DNS label).
const tenantNamePattern = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function createGatewayApp(options: GatewayAppOptions): RequestListener {
  const { logger, registry, metrics } = options;
  return directRoutes({
    logger, registry,
    routes: proxyRoutes(options),
    problemFor: (error) => {
      if (!(error instanceof GatewayRejection)) return undefined;
      metrics.rejection(error.reason);
      return toProblem(error);
    },
    fallback: expressApp(options),
  });
}

/**
 * The proxied paths: what nearly every request is, so they skip Express. Each answers an /api… or /platform/v1…
 * request whatever its method, as `app.all` did; the upstream answers for what it does not serve.
 */
function proxyRoutes(options: GatewayAppOptions): DirectRoute[] {
  const { verify, backend, platform, inFlight, maxBodyBytes } = options;
  return [
    {
      prefix: '/api', template: '/api{/*path}',
      async handle(req, res) {
        const bearer = bearerToken(req);
        const principal = await verify(bearer);
        // on(), not once(): 'close' comes once, and once() wraps each listener in a closure of its own.
        res.on('close', inFlight.client(principal.subject));
        const { tenant, authorization } = await admit(req, principal, bearer, options);
        // For the rest of the request, its access line included.
        recordTenant(tenant);
        res.on('close', inFlight.tenant(tenant));
        const body = await readRequestBody(req, maxBodyBytes);
        await backend.forward(req, res, {
          path: req.url!,
          headers: forwardedHeaders(req.headers, { authorization, tenant, ...forwarding(req, res) }),
          ...(body === undefined ? {} : { body }),
        });
      },
    },
    // Only the platform's public API (/v1): its datasource, token endpoint, keys and metrics are for services inside
    // the cluster, and are unknown here. The platform verifies the token again and has no tenant in the path to gate;
    // the gateway checks it first so that nobody unauthenticated gets to hold a platform connection at all. The
    // platform verifies the ID token itself (GET /v1/me/tenants binds e-mail memberships with it); its event stream
    // (GET /v1/tenant-events) passes as it is written: the proxy never buffers a response.
    {
      prefix: '/platform/v1', template: '/platform/v1{/*path}',
      async handle(req, res) {
        const principal = await verify(bearerToken(req));
        const idToken = headerValue(req, ID_TOKEN_HEADER);
        res.on('close', inFlight.client(principal.subject));
        const body = await readRequestBody(req, maxBodyBytes);
        await platform.forward(req, res, {
          path: req.url!.slice('/platform'.length),
          headers: forwardedHeaders(req.headers, { ...forwarding(req, res), ...(idToken === undefined ? {} : { idToken }) }),
          ...(body === undefined ? {} : { body }),
        });
      },
    },
  ];
}

function expressApp({ logger, registry, ready, publicApi, web }: GatewayAppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(accessLog(logger, { skip: (req) => probes.has(req.path) }));
  app.use(httpMetricsMiddleware(registry));
  app.use(healthRouter({ ready, registry, logger }));
  app.get('/openapi.json', async (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=60');
    res.json(await publicApi.document());
  });
  if (web !== undefined) app.use(createWebApp(web));
  app.use(notFoundHandler);
  app.use(problemHandler(logger));
  return app;
}

/**
 * Every check of an /api request, in order; returns what the upstream request needs. Membership comes before
 * anything about the tenant itself: an unknown tenant and another tenant's name get the same answer, after the
 * same work (the platform's exchange refuses both alike), so no signed-in user can probe which tenants exist.
 */
async function admit(req: IncomingMessage, principal: ExternalPrincipal, bearer: string, { gate, limiter, tokens, metrics }: GatewayAppOptions) {
  const tenantHeader = req.headers[TENANT_HEADER];
  if (typeof tenantHeader !== 'string' || tenantHeader.trim() === '') {
    throw new GatewayRejection('missing_tenant', `The ${TENANT_HEADER} header is required: it names the tenant the request is for.`);
  }
  const name = tenantHeader.trim();
  if (!tenantNamePattern.test(name)) throw new GatewayRejection('unknown_tenant', noSuchTenant(name));
  const authorization = await exchangeToken(req, principal, bearer, name, { tokens, metrics });
  const tenant = gate(name);
  limiter.take(tenant.name, tenant.plan);
  return { tenant: tenant.name, authorization };
}

async function exchangeToken(
  req: IncomingMessage, principal: ExternalPrincipal, bearer: string, tenant: string, { tokens, metrics }: Pick<GatewayAppOptions, 'tokens' | 'metrics'>,
): Promise<string> {
  try {
    // Cognito access tokens carry no e-mail; a client may send its ID token so that memberships held by
    // e-mail (a Tenant's spec.admins) can be bound. The platform verifies it; the gateway only carries it.
    const idToken = headerValue(req, ID_TOKEN_HEADER);
    const { token, cached } = await tokens.get({
      subject: principal.subject, tenant, tokenId: principal.tokenId, subjectToken: bearer,
      ...(idToken === undefined ? {} : { idToken }),
    });
    if (!cached) metrics.tokenExchange('issued');
    return `Bearer ${token.token}`;
  } catch (error) {
    if (!(error instanceof TokenExchangeError)) throw error;
    metrics.tokenExchange(error.outcome);
    throw error.rejection;
  }
}

const bearerPattern = /^Bearer +([A-Za-z0-9._~+/=-]+)\s*$/i;

function bearerToken(req: IncomingMessage): string {
  const header = req.headers.authorization;
  const match = header === undefined ? null : bearerPattern.exec(header);
  if (match === null) throw new GatewayRejection('missing_token', 'A bearer access token is required (Authorization: Bearer …).');
  return match[1]!;
}

/** A header's trimmed value; undefined when it is absent or blank. */
function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value.trim() || undefined : undefined;
}

function forwarding(req: IncomingMessage, res: ServerResponse) {
  // The direct route gave every request its id, and put it on the response.
  const requestId = String(res.getHeader(REQUEST_ID_HEADER) ?? '');
  return {
    requestId,
    // Express's req.protocol without trusted proxies: TLS is either on this socket or not known here.
    protocol: (req.socket as TLSSocket).encrypted === true ? 'https' as const : 'http' as const,
    ...(req.socket.remoteAddress === undefined ? {} : { clientAddress: req.socket.remoteAddress }),
  };
}
