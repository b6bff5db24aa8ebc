// oidc-provider's configuration: clients, keys, Cognito-shaped claims, JWT access tokens, our interactions.
import type { AccessToken, ClientCredentials, Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { apiResourceIndicators, type ApiResourceOptions } from './api-resource.js';
import { ID_TOKEN_CLAIMS_BY_SCOPE, accessTokenClaims, epochSeconds, oidcAccount, serviceTokenClaims } from './cognito-claims.js';
import { interactionPath } from './interaction-router.js';
import { toClientMetadata, type ClientDefinition } from './oidc-clients.js';
import { logoutSource, postLogoutSuccessSource, renderError } from './provider-pages.js';
import { createProviderStorage } from './provider-storage.js';
import type { SigningKeys } from './signing-keys.js';
import type { UserDirectory } from './user-directory.js';

export interface ProviderConfigOptions {
  readonly users: UserDirectory;
  readonly clients: readonly ClientDefinition[];
  readonly keys: SigningKeys;
  readonly resource: ApiResourceOptions;
  /** Sign the provider's cookies; random per process is fine (a restart logs everyone out anyway). */
  readonly cookieKeys: readonly string[];
  /** The issuer URL's path ('' for none): interactions live under it, beside the provider's endpoints. */
  readonly mountPath: string;
}

// Cognito's defaults: refresh tokens live 30 days; sign-in sessions (codes, interactions) are short.
const DAY = 24 * 3600;
const TTL_SECONDS = { AuthorizationCode: 60, Interaction: 600, Session: DAY, Grant: 30 * DAY, RefreshToken: 30 * DAY };

export function providerConfiguration(options: ProviderConfigOptions): Configuration {
  const { users, clients, keys, resource, cookieKeys, mountPath } = options;
  const tokenTtl = resource.accessTokenTtlSeconds;
  return {
    adapter: createProviderStorage(),
    clients: clients.map(toClientMetadata),
    jwks: keys.jwks,
    cookies: { keys: [...cookieKeys] },
    findAccount: (_ctx, sub) => {
      const user = users.findBySub(sub);
      return user === undefined ? undefined : oidcAccount(user);
    },
    claims: Object.fromEntries(Object.entries(ID_TOKEN_CLAIMS_BY_SCOPE).map(([scope, claims]) => [scope, [...claims]])),
    features: {
      // Our own login page replaces the development-only interactions.
      devInteractions: { enabled: false },
      resourceIndicators: apiResourceIndicators(resource),
      clientCredentials: { enabled: true },
      // Userinfo answers only opaque tokens without an audience; ours are JWTs for the API, and every claim
      // a client needs is in the ID token (conformIdTokenClaims then keeps them there).
      userinfo: { enabled: false },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
    },
    extraTokenClaims: (ctx, token) => extraAccessTokenClaims(users, ctx, token),
    interactions: { url: (_ctx, interaction) => `${mountPath}${interactionPath(interaction.uid)}` },
    pkce: { required: () => true },
    // Authorization code only: no implicit or hybrid flows (tokens in URLs), as OAuth 2.1 recommends.
    responseTypes: ['code'],
    // Cognito issues a refresh token whenever the app client allows the grant (no offline_access needed).
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // A browser app may call the token endpoint from the origins it redirects to.
    clientBasedCORS: (_ctx, origin, client) => (client.redirectUris ?? []).some((uri) => URL.parse(uri)?.origin === origin),
    renderError,
    ttl: { ...TTL_SECONDS, AccessToken: tokenTtl, ClientCredentials: tokenTtl, IdToken: tokenTtl },
  };
}

function extraAccessTokenClaims(
  users: UserDirectory,
  ctx: KoaContextWithOIDC,
  token: AccessToken | ClientCredentials,
): Record<string, unknown> | undefined {
  if (token.kind === 'ClientCredentials') return serviceTokenClaims(epochSeconds());
  const user = users.findBySub(token.accountId);
  return user === undefined ? undefined : accessTokenClaims(user, authTimeOf(ctx, token));
}

/**
 * When the user authenticated: from the code or refresh token being redeemed, or, for the password grant
 * (no code, no session), the `auth_time` it placed in the new token's `extra` before saving it.
 */
function authTimeOf(ctx: KoaContextWithOIDC, token: AccessToken): number {
  const preset = token.extra?.['auth_time'];
  if (typeof preset === 'number') return preset;
  const { AuthorizationCode: code, RefreshToken: refreshToken } = ctx.oidc.entities;
  return code?.authTime ?? refreshToken?.authTime ?? epochSeconds();
}
