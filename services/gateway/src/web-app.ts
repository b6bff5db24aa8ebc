// Serves the web build (GATEWAY_WEB_ROOT): hashed assets cached for a year, index.html never without revalidation and
// with a per-response nonce for a strict Content-Security-Policy, the app's routes falling back to index.html, and the
// runtime configuration the one build reads at start (/app-config.json), so it runs in every environment.
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import compression from 'compression';
import express, { Router, type NextFunction, type Request, type Response } from 'express';

/** What the browser app needs to know about its environment: the identity provider it signs in at. */
export interface WebRuntimeConfig {
  readonly issuer: string;
  readonly clientId: string;
  readonly scope: string;
}

export interface WebAppOptions {
  readonly root: string;
  readonly config: WebRuntimeConfig;
  /**
   * Origins of the identity provider's endpoints the app talks to (discovery, token, authorization, logout): with
   * Cognito the hosted UI's domain is not the issuer's. The issuer's origin alone when not given.
   */
  readonly identityOrigins?: () => Promise<readonly string[]>;
}

export const WEB_CONFIG_PATH = '/app-config.json';
/** The placeholder in index.html (`<app-root ngCspNonce="…">`) replaced by each response's nonce. */
export const NONCE_PLACEHOLDER = '__CSP_NONCE__';

// What Angular's build fingerprints: its bundles `main-RRLFTPPN.js`, `chunk-DW-iI2qb.js`, `styles-….css`, and the files
// its styles reference, in media/ (`roboto-latin-400-normal-LOX3CHMS.woff2`).
const hashedAsset = /(?:^|\/)(?:main|chunk|polyfills|styles|worker)-[A-Za-z0-9_-]{8}\.(?:js|css)$|\/media\/[^/]+-[A-Z0-9]{8}\.[a-z0-9]+$/;
// Paths the gateway itself answers: never the app's index.html, whatever the Accept header.
const notTheApp = /^\/(api|platform)(\/|$)|^\/(healthz|readyz|metrics|openapi\.json)$/;

export function contentSecurityPolicy(identityOrigins: readonly string[], nonce: string): string {
  const idp = [...new Set(identityOrigins)].join(' ');
  return [
    "default-src 'self'",
    // No inline script at all; inline styles only with this response's nonce (Angular's component styles carry it).
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    // Discovery, the token endpoint and the JWKS are fetched from the app; silent sign-in runs in a hidden frame.
    `connect-src 'self' ${idp}`,
    `frame-src 'self' ${idp}`,
    "frame-ancestors 'self'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join('; ');
}

export function createWebApp({ root, config, identityOrigins }: WebAppOptions): Router {
  const issuerOrigin = new URL(config.issuer).origin;
  const origins = async () => [issuerOrigin, ...(await identityOrigins?.().catch(() => []) ?? [])];
  const router = Router();
  const index = cachedIndex(join(root, 'index.html'));
  const configBody = JSON.stringify(config);

  router.use(compression());
  router.get(WEB_CONFIG_PATH, (_req, res) => {
    res.set('Cache-Control', 'no-cache').type('application/json').send(configBody);
  });

  const sendIndex = async (_req: Request, res: Response, next: NextFunction) => {
    const text = await index();
    // No build in the folder (an image without the web UI): nothing of the app is served.
    if (text === undefined) {
      next();
      return;
    }
    const nonce = randomBytes(16).toString('base64');
    res.set({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-cache',
      'Content-Security-Policy': contentSecurityPolicy(await origins(), nonce),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
    });
    res.send(text.replaceAll(NONCE_PLACEHOLDER, nonce));
  };
  router.get(['/', '/index.html'], (req, res, next) => { sendIndex(req, res, next).catch(next); });

  router.use(express.static(root, {
    index: false,
    fallthrough: true,
    setHeaders(res, path) {
      res.setHeader('X-Content-Type-Options', 'nosniff');
      // Fingerprinted files never change under their name; anything else is revalidated every time.
      res.setHeader('Cache-Control', hashedAsset.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  }));

  // A route of the app (/t/acme/entries) loaded directly or reloaded: the app's index, which routes it itself.
  router.get('/{*path}', (req, res, next) => {
    if (notTheApp.test(req.path) || extname(req.path) !== '' || !req.accepts('html')) {
      next();
      return;
    }
    sendIndex(req, res, next).catch(next);
  });
  return router;
}

/** index.html read once and again only when its file changes (a rebuild under a running `make dev`); undefined without one. */
function cachedIndex(path: string): () => Promise<string | undefined> {
  let cached: { mtimeMs: number; text: string } | undefined;
  return async () => {
    const found = await stat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (found === undefined) return undefined;
    if (cached?.mtimeMs !== found.mtimeMs) cached = { mtimeMs: found.mtimeMs, text: await readFile(path, 'utf8') };
    return cached.text;
  };
}

/**
 * The origins of an OIDC provider's endpoints, from its discovery document (OpenID Connect Discovery 1.0 §3), read
 * once and again only after a failure.
 */
export function discoveredOrigins(issuer: string, timeoutMs = 5_000): () => Promise<readonly string[]> {
  let known: Promise<readonly string[]> | undefined;
  return () => {
    known ??= (async () => {
      const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) throw new Error(`discovery answered ${response.status}`);
      const document = await response.json() as Record<string, unknown>;
      const endpoints = ['authorization_endpoint', 'token_endpoint', 'end_session_endpoint', 'jwks_uri', 'userinfo_endpoint'];
      return endpoints.map((name) => document[name]).filter((url): url is string => typeof url === 'string').map((url) => new URL(url).origin);
    })();
    known.catch(() => { known = undefined; });
    return known;
  };
}
