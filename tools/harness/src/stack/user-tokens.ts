// Tokens from the real local identity provider, as the CLI and the services get them, and the platform settings that trust it.
import {
  CLI_CLIENT_ID, DEFAULT_API_AUDIENCE, DEV_CLIENT_SECRETS, SERVICES_CLIENT_ID, SERVICES_SCOPE, USER_SCOPES, demoUsers, type DemoUser,
} from '@tenantry/identity';
import { discover, requestToken } from './oauth-client.js';
import type { PlatformIssuer } from './platform-process.js';

export interface UserTokens {
  readonly accessToken: string;
  readonly idToken: string;
}

/** The platform trusts the CLI client's access tokens, with the provider's API audience. */
export function trustedIssuer(identityUrl: string): PlatformIssuer {
  return { issuer: identityUrl, clientId: CLI_CLIENT_ID, audience: DEFAULT_API_AUDIENCE };
}

export function demoUser(email: string): DemoUser {
  const user = demoUsers.find((candidate) => candidate.email === email);
  if (user === undefined) throw new Error(`${email} is not a demo user of the identity provider`);
  return user;
}

/**
 * The password grant of the CLI client (Cognito's USER_PASSWORD_AUTH): an access token and an ID token. The password
 * is the demo user's unless given (a user of an IDENTITY_USERS_FILE).
 */
export async function signIn(identityUrl: string, email: string, password?: string): Promise<UserTokens> {
  const { token_endpoint } = await discover(identityUrl);
  const { status, body } = await requestToken(token_endpoint, { clientId: CLI_CLIENT_ID, clientSecret: DEV_CLIENT_SECRETS[CLI_CLIENT_ID] }, {
    grant_type: 'password', username: email, password: password ?? demoUser(email).password, scope: USER_SCOPES,
  });
  if (status !== 200 || body.access_token === undefined || body.id_token === undefined) {
    throw new Error(`signing in as ${email} answered ${status} ${body.error ?? ''}`);
  }
  return { accessToken: body.access_token, idToken: body.id_token };
}

/** A client credentials token of the services client: a real access token of a client the platform does not accept. */
export async function servicesClientToken(identityUrl: string): Promise<string> {
  const { token_endpoint } = await discover(identityUrl);
  const { status, body } = await requestToken(token_endpoint, { clientId: SERVICES_CLIENT_ID, clientSecret: DEV_CLIENT_SECRETS[SERVICES_CLIENT_ID] }, {
    grant_type: 'client_credentials', scope: SERVICES_SCOPE,
  });
  if (status !== 200 || body.access_token === undefined) throw new Error(`client credentials answered ${status} ${body.error ?? ''}`);
  return body.access_token;
}
