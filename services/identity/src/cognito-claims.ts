// The Cognito token shape: which claims go into access tokens and ID tokens, and under which scope.
//
// Cognito user pool tokens, as consumers must read them (and as we issue them):
// - access token: sub, iss, client_id, token_use "access", scope, username, cognito:groups (only when the
//   user is in a group), auth_time, iat, exp, jti. No e-mail, no custom attributes. Cognito sets no `aud`;
//   oidc-provider always does (the API audience), so consumers make the audience check a setting.
// - ID token: sub, iss, aud (the client id), token_use "id", cognito:username, email, email_verified,
//   cognito:groups, custom:tenant_id (a custom attribute), name, auth_time, iat, exp.
// - client credentials access token: sub = client_id, token_use "access", scope (custom scopes), auth_time.
import type { Account } from 'oidc-provider';
import type { UserRecord } from './user-directory.js';

export const TENANT_ID_CLAIM = 'custom:tenant_id';
export const GROUPS_CLAIM = 'cognito:groups';

/**
 * oidc-provider's `claims` setting: the ID token claims each scope releases. Cognito returns every
 * readable attribute with `openid`; e-mail and name follow the standard scopes so a client sees them only
 * when it asks, and `token_use`/`auth_time` sit under `openid` so both the code flow and the password
 * grant always carry them.
 */
export const ID_TOKEN_CLAIMS_BY_SCOPE = {
  openid: ['sub', 'auth_time', 'token_use', 'cognito:username', GROUPS_CLAIM, TENANT_ID_CLAIM],
  email: ['email', 'email_verified'],
  profile: ['name'],
} as const;

/** What a user's ID token may say about them; the scopes filter it (see ID_TOKEN_CLAIMS_BY_SCOPE). */
export function idTokenClaims(user: UserRecord): { sub: string; [claim: string]: unknown } {
  return {
    sub: user.sub,
    token_use: 'id',
    'cognito:username': user.username,
    email: user.email,
    email_verified: user.emailVerified,
    name: user.name,
    ...groupsClaim(user),
    ...(user.tenantId === undefined ? {} : { [TENANT_ID_CLAIM]: user.tenantId }),
  };
}

/**
 * Claims added to a user's access token beside what oidc-provider writes (iss, sub, client_id, scope, aud,
 * iat, exp, jti). `custom:tenant_id` is deliberately left out, as Cognito does: the gateway resolves the
 * tenant from the request and the platform's memberships, never from a claim only our local IdP would set.
 */
export function accessTokenClaims(user: UserRecord, authTime: number): Record<string, unknown> {
  return { token_use: 'access', username: user.username, auth_time: authTime, ...groupsClaim(user) };
}

/** Claims added to a client credentials token (no user): Cognito's `token_use` and `auth_time`. */
export function serviceTokenClaims(authTime: number): Record<string, unknown> {
  return { token_use: 'access', auth_time: authTime };
}

// Cognito omits cognito:groups for a user in no group; consumers must read a missing claim as [].
function groupsClaim(user: UserRecord): Record<string, unknown> {
  return user.groups.length === 0 ? {} : { [GROUPS_CLAIM]: [...user.groups] };
}

/** The account oidc-provider asks for ID token claims. */
export function oidcAccount(user: UserRecord): Account {
  return { accountId: user.sub, claims: () => idTokenClaims(user) };
}

/** Now, in the seconds of `iat`, `exp` and `auth_time`. */
export function epochSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
