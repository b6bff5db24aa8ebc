// The public side of internal tokens: the JWKS their verifiers fetch, and RFC 8414 metadata naming it.
import { Router } from 'express';
import type { ApiCatalog, DocumentedOperation } from '../http/api-operations.js';
import type { KeyStore } from './key-store.js';
import { authorizationServerMetadata, jwksResponse, tokenExchangeGrantType } from './token-schemas.js';

export interface JwksRouterOptions {
  readonly catalog: ApiCatalog;
  readonly keys: KeyStore;
  /** PLATFORM_TOKEN_ISSUER: the `iss` of the tokens and the base of the URLs in the metadata. */
  readonly issuer: string;
  /**
   * How long verifiers may cache the JWKS. Short, so a key added with activateAt a few minutes ahead is
   * seen before it signs; jose's createRemoteJWKSet refetches on an unknown kid anyway.
   */
  readonly maxAgeSeconds?: number;
}

const jwksMediaType = 'application/jwk-set+json';

export const jwksOperation: DocumentedOperation = {
  operationId: 'getJwks', method: 'get', path: '/.well-known/jwks.json', tag: 'tokens', access: 'none',
  summary: 'Public keys that verify internal tokens: the signing key, keys about to sign, and retired keys whose tokens may still live',
  success: { status: 200, description: 'JWK Set (public members only)', schema: jwksResponse, mediaType: jwksMediaType },
  problems: [],
};

export const metadataOperation: DocumentedOperation = {
  operationId: 'getAuthorizationServerMetadata', method: 'get', path: '/.well-known/oauth-authorization-server', tag: 'tokens',
  access: 'none',
  summary: 'Issuer, token endpoint and JWKS location of internal tokens (RFC 8414)',
  success: { status: 200, description: 'Authorization server metadata', schema: authorizationServerMetadata },
  problems: [],
};

export function createJwksRouter({ catalog, keys, issuer, maxAgeSeconds = 60 }: JwksRouterOptions): Router {
  catalog.operations.push(jwksOperation, metadataOperation);
  const router = Router();
  const base = issuer.replace(/\/+$/, '');

  router.get(jwksOperation.path, async (_req, res) => {
    // Parsing through the output schema keeps only public members, whatever a key object might carry.
    const body = jwksResponse.parse({ keys: await keys.publicKeys() });
    res.set('Cache-Control', `public, max-age=${maxAgeSeconds}`).type(jwksMediaType).send(JSON.stringify(body));
  });

  const metadata = authorizationServerMetadata.parse({
    issuer,
    token_endpoint: `${base}/oauth2/token`,
    jwks_uri: `${base}${jwksOperation.path}`,
    grant_types_supported: [tokenExchangeGrantType],
    token_endpoint_auth_methods_supported: ['client_secret_basic'],
    // No authorization endpoint: this server only exchanges tokens.
    response_types_supported: [],
  });
  router.get(metadataOperation.path, (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').json(metadata);
  });
  return router;
}
