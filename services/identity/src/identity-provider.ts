// Assembles the identity provider: oidc-provider with our grants and pages, inside an Express app with probes and metrics.
import { randomBytes } from 'node:crypto';
import type { RequestListener } from 'node:http';
import express, { Router, type Express } from 'express';
import Provider from 'oidc-provider';
import type { Registry } from 'prom-client';
import {
  accessLog, healthRouter, httpMetricsMiddleware, notFoundHandler, problemHandler, startHttpServer, type Logger,
} from '@tenantry/runtime';
import { DEFAULT_API_AUDIENCE, type ApiResourceOptions } from './api-resource.js';
import { createIdentityMetrics } from './identity-metrics.js';
import { interactionRouter } from './interaction-router.js';
import type { ClientDefinition } from './oidc-clients.js';
import { registerPasswordGrant } from './password-grant.js';
import { providerConfiguration } from './provider-config.js';
import { observeProvider } from './provider-events.js';
import type { SigningKeys } from './signing-keys.js';
import type { UserDirectory } from './user-directory.js';

export interface IdentityProviderOptions {
  /** Exactly the URL clients reach the provider at (the `iss` of every token); its path, if any, is the mount path. */
  readonly issuer: string;
  readonly users: UserDirectory;
  readonly clients: readonly ClientDefinition[];
  readonly keys: SigningKeys;
  readonly apiAudience?: string;
  /** Lifetime of access and ID tokens; 3600 (Cognito's default) unless given. */
  readonly accessTokenTtlSeconds?: number;
  readonly logger: Logger;
  readonly registry: Registry;
}

export interface IdentityProvider {
  readonly issuer: string;
  readonly provider: Provider;
  /** Serve this (startHttpServer) at the issuer's origin. */
  readonly app: Express;
}

// Every endpoint oidc-provider serves with the features enabled in provider-config.ts. Explicit routes give
// the access log and metrics a route template; anything else is a 404 problem from the app.
const PROVIDER_ROUTES = [
  '/.well-known/openid-configuration',
  '/.well-known/oauth-authorization-server',
  '/jwks',
  '/auth',
  '/auth/:uid',
  '/token',
  '/request',
  '/session/end',
  '/session/end/confirm',
  '/session/end/success',
];

const PROBE_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

// Listening on every interface says nothing about the URL clients use; loopback is the local default.
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

export function createIdentityProvider(options: IdentityProviderOptions): IdentityProvider {
  const { issuer, users, clients, keys, logger, registry } = options;
  const mountPath = new URL(issuer).pathname.replace(/\/+$/, '');
  const resource: ApiResourceOptions = {
    audience: options.apiAudience ?? DEFAULT_API_AUDIENCE,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    clientScopes: new Map(clients.map((client) => [client.clientId, client.scope])),
  };
  const provider = new Provider(issuer, providerConfiguration({
    users, clients, keys, resource, mountPath, cookieKeys: [randomBytes(32).toString('base64url')],
  }));
  registerPasswordGrant(provider, { users, resource });
  const metrics = createIdentityMetrics(registry);
  observeProvider(provider, { logger, metrics });

  const app = express();
  app.disable('x-powered-by');
  app.use(accessLog(logger, { skip: (req) => PROBE_PATHS.has(req.path) }));
  app.use(httpMetricsMiddleware(registry));
  app.use(healthRouter({ ready: () => true, registry, logger }));
  app.use(mountPath || '/', interactionRouter({
    provider,
    users,
    logger,
    metrics,
    firstPartyClients: new Set(clients.filter((client) => client.firstParty).map((client) => client.clientId)),
    clientNames: new Map(clients.map((client) => [client.clientId, client.name ?? client.clientId])),
  }));
  app.use(mountPath || '/', providerRouter(provider));
  app.use(notFoundHandler);
  app.use(problemHandler(logger));
  return { issuer, provider, app };
}

function providerRouter(provider: Provider): Router {
  const router = Router();
  // oidc-provider parses its own request bodies: no body parser may run before it.
  const callback = provider.callback();
  for (const path of PROVIDER_ROUTES) router.all(path, (req, res) => callback(req, res));
  return router;
}

export interface StartIdentityProviderOptions extends Omit<IdentityProviderOptions, 'issuer'> {
  /** 0 picks a free port. */
  readonly port: number;
  readonly host?: string;
  /** `http://<host>:<bound port>` when not given (127.0.0.1 for a wildcard host such as 0.0.0.0). */
  readonly issuer?: string;
}

export interface RunningIdentityProvider extends IdentityProvider {
  /** Where the HTTP server listens (the issuer's origin unless a proxy sits in front). */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Listens first, then builds the provider: with port 0 the issuer (which must be known before the
 * provider exists) is only known once the port is bound. Requests before that are answered 503.
 */
export async function startIdentityProvider(options: StartIdentityProviderOptions): Promise<RunningIdentityProvider> {
  const { port, host = '127.0.0.1', logger } = options;
  let listener: RequestListener | undefined;
  const server = await startHttpServer({
    app: (req, res) => {
      if (listener !== undefined) return listener(req, res);
      res.writeHead(503, { 'Retry-After': '1' }).end();
    },
    port,
    host,
    logger,
  });
  try {
    const issuer = options.issuer ?? (WILDCARD_HOSTS.has(host) ? `http://127.0.0.1:${server.port}` : server.url);
    const identity = createIdentityProvider({ ...options, issuer });
    listener = identity.app;
    return { ...identity, url: server.url, port: server.port, close: () => server.close() };
  } catch (error) {
    await server.close();
    throw error;
  }
}
