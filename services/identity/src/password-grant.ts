// The resource owner password grant (RFC 6749 §4.3) for confidential clients: Cognito's USER_PASSWORD_AUTH.
//
// oidc-provider 9 has no password grant; this one issues what the code flow would for the same user and
// client: a JWT access token for the API resource (same claims, same TTL) and an ID token. No refresh
// token: scripts and tests simply authenticate again.
import { errors, type default as Provider, type TokenEndpointGrantContext } from 'oidc-provider';
import { apiResourceServer, type ApiResourceOptions } from './api-resource.js';
import { epochSeconds, idTokenClaims, oidcAccount } from './cognito-claims.js';
import type { UserDirectory } from './user-directory.js';

export const PASSWORD_GRANT_TYPE = 'password';

const PARAMETERS = ['username', 'password', 'scope'] as const;

type PasswordParameters = { username?: string; password?: string; scope?: string };

// Scopes that are about the user (ID token claims) rather than the API.
const OIDC_SCOPES = new Set(['openid', 'email', 'profile']);

export interface PasswordGrantOptions {
  readonly users: UserDirectory;
  readonly resource: ApiResourceOptions;
}

/** Registers the grant; clients opt in by listing `password` in their grant types. */
export function registerPasswordGrant(provider: Provider, options: PasswordGrantOptions): void {
  // oidc-provider 9.x calls the handler as handler(ctx); there is no `next`.
  provider.registerGrantType<PasswordParameters>(PASSWORD_GRANT_TYPE, (ctx) => passwordGrant(provider, options, ctx), PARAMETERS);
}

async function passwordGrant(
  provider: Provider,
  { users, resource }: PasswordGrantOptions,
  ctx: TokenEndpointGrantContext<PasswordParameters>,
): Promise<void> {
  const { client, params } = ctx.oidc;
  const { username, password } = params;
  if (!username || !password) throw new errors.InvalidRequest('missing required parameter(s) (username, password)');
  const scopes = grantedScopes(params.scope, resource.clientScopes.get(client.clientId));

  const user = await users.authenticate(username, password);
  // One answer for an unknown user and a wrong password, as Cognito's "Incorrect username or password."
  if (user === undefined) throw new errors.InvalidGrant('incorrect username or password');
  const authTime = epochSeconds();

  const grant = new provider.Grant({ accountId: user.sub, clientId: client.clientId });
  grant.addOIDCScope(scopes.filter((scope) => OIDC_SCOPES.has(scope)).join(' '));
  grant.addResourceScope(resource.audience, scopes.join(' '));
  const grantId = await grant.save();
  ctx.oidc.entity('Grant', grant);
  ctx.oidc.entity('Account', oidcAccount(user));

  const accessToken = new provider.AccessToken({
    accountId: user.sub,
    client,
    grantId,
    gty: PASSWORD_GRANT_TYPE,
    scope: scopes.join(' '),
    // Read back by extraTokenClaims (provider-config.ts): there is no code or session to take it from.
    extra: { auth_time: authTime },
  });
  accessToken.resourceServer = new provider.ResourceServer(resource.audience, apiResourceServer(client, resource));
  ctx.oidc.entity('AccessToken', accessToken);
  const accessTokenValue = await accessToken.save();

  let idToken: string | undefined;
  if (scopes.includes('openid')) {
    const token = new provider.IdToken({ ...idTokenClaims(user), auth_time: authTime }, { ctx });
    // IdToken releases the claims of these scopes (see ID_TOKEN_CLAIMS_BY_SCOPE), as in the code flow.
    Object.assign(token, { scope: scopes.filter((scope) => OIDC_SCOPES.has(scope)).join(' ') });
    idToken = await token.issue({ use: 'idtoken' });
  }

  ctx.body = {
    access_token: accessTokenValue,
    expires_in: accessToken.expiration,
    ...(idToken === undefined ? {} : { id_token: idToken }),
    scope: scopes.join(' '),
    token_type: accessToken.tokenType,
  };
}

/** The requested scopes, each allowed to the client; all of the client's scopes when none are requested. */
function grantedScopes(requested: string | undefined, allowed: string | undefined): string[] {
  const allowedScopes = new Set((allowed ?? '').split(' ').filter((scope) => scope !== ''));
  if (requested === undefined || requested === '') return [...allowedScopes];
  const scopes = [...new Set(requested.split(' ').filter((scope) => scope !== ''))];
  const refused = scopes.find((scope) => !allowedScopes.has(scope));
  if (refused !== undefined) throw new errors.InvalidScope('requested scope is not allowed', refused);
  return scopes;
}
