// The registered OAuth clients: the three defaults (web, CLI, services) or definitions from the environment.
import type { ClientMetadata } from 'oidc-provider';
import { z } from 'zod';
import { ConfigError } from '@tenantry/runtime';
import { parseConfigValue, readJsonFile } from './json-file.js';

export const WEB_CLIENT_ID = 'tenantry-web';
export const CLI_CLIENT_ID = 'tenantry-cli';
export const SERVICES_CLIENT_ID = 'tenantry-services';

/** Scopes of user tokens, as a Cognito app client with the OIDC scopes enabled grants them. */
export const USER_SCOPES = 'openid email profile';
/** The custom scope (Cognito style: `<resource server>/<scope>`) of service-to-service tokens. */
export const SERVICES_SCOPE = 'tenantry/internal';

/**
 * Secrets of the confidential clients when IDENTITY_CLI_CLIENT_SECRET / IDENTITY_SERVICES_CLIENT_SECRET
 * are not set: public, for `make dev` and tests only, like the demo users' passwords.
 */
export const DEV_CLIENT_SECRETS = {
  [CLI_CLIENT_ID]: 'tenantry-cli-dev-secret',
  [SERVICES_CLIENT_ID]: 'tenantry-services-dev-secret',
} as const;

export const GRANT_TYPES = ['authorization_code', 'refresh_token', 'password', 'client_credentials'] as const;

const absoluteUrl = z.url({ protocol: /^https?$/, error: 'expected an exact absolute http(s) URL' });

/** How a client is described in IDENTITY_CLIENTS / IDENTITY_CLIENTS_FILE (a JSON array of these). */
export const clientDefinitionSchema = z.object({
  clientId: z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, 'letters, digits, ".", "_" and "-" only'),
  name: z.string().min(1).optional(),
  /** Present: a confidential client authenticating with HTTP Basic; absent: a public client (PKCE). */
  clientSecret: z.string().min(16).optional(),
  grantTypes: z.array(z.enum(GRANT_TYPES)).min(1),
  redirectUris: z.array(absoluteUrl).default([]),
  postLogoutRedirectUris: z.array(absoluteUrl).default([]),
  /** Space-separated scopes the client may ask for; also the scopes its access tokens may carry. */
  scope: z.string().regex(/^\S+( \S+)*$/, 'space-separated scope names'),
  /** First-party clients get consent granted automatically after login. */
  firstParty: z.boolean().default(true),
}).strict().superRefine((client, ctx) => {
  const grants = new Set(client.grantTypes);
  if (grants.has('authorization_code') && client.redirectUris.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['redirectUris'], message: 'the authorization_code grant needs redirect URIs' });
  }
  for (const grant of ['password', 'client_credentials'] as const) {
    if (grants.has(grant) && client.clientSecret === undefined) {
      ctx.addIssue({ code: 'custom', path: ['clientSecret'], message: `the ${grant} grant is for confidential clients only` });
    }
  }
});

export type ClientDefinition = z.output<typeof clientDefinitionSchema>;

export interface DefaultClientOptions {
  readonly webRedirectUris: readonly string[];
  readonly cliSecret: string;
  readonly servicesSecret: string;
}

/** tenantry-web (browser, code + PKCE), tenantry-cli (password grant), tenantry-services (client credentials). */
export function defaultClients({ webRedirectUris, cliSecret, servicesSecret }: DefaultClientOptions): ClientDefinition[] {
  return [
    {
      clientId: WEB_CLIENT_ID,
      name: 'Tenantry web',
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: [...webRedirectUris],
      // After logout the browser may return to the web app's root on any origin it logs in from.
      postLogoutRedirectUris: [...new Set(webRedirectUris.map((uri) => `${new URL(uri).origin}/`))],
      scope: USER_SCOPES,
      firstParty: true,
    },
    {
      clientId: CLI_CLIENT_ID,
      name: 'Tenantry CLI and tests',
      clientSecret: cliSecret,
      grantTypes: ['password'],
      redirectUris: [],
      postLogoutRedirectUris: [],
      scope: USER_SCOPES,
      firstParty: true,
    },
    {
      clientId: SERVICES_CLIENT_ID,
      name: 'Tenantry services',
      clientSecret: servicesSecret,
      grantTypes: ['client_credentials'],
      redirectUris: [],
      postLogoutRedirectUris: [],
      scope: SERVICES_SCOPE,
      firstParty: true,
    },
  ];
}

export interface ClientSources {
  /** IDENTITY_CLIENTS: the JSON text itself. */
  readonly json?: string;
  /** IDENTITY_CLIENTS_FILE: a path to the same JSON. */
  readonly file?: string;
}

/** The clients from IDENTITY_CLIENTS or IDENTITY_CLIENTS_FILE; undefined when neither is set. */
export async function loadClientDefinitions({ json, file }: ClientSources): Promise<ClientDefinition[] | undefined> {
  const schema = z.array(clientDefinitionSchema).min(1);
  if (file !== undefined) return parseConfigValue(schema, await readJsonFile(file, 'IDENTITY_CLIENTS_FILE'), 'IDENTITY_CLIENTS_FILE');
  if (json === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    // The text may hold client secrets: say what is wrong, never what was received.
    throw new ConfigError([{ variable: 'IDENTITY_CLIENTS', message: 'expected a JSON array of client definitions' }]);
  }
  return parseConfigValue(schema, value, 'IDENTITY_CLIENTS');
}

/** Scopes oidc-provider knows itself (its `scope` client metadata may only hold these). */
const OIDC_SCOPES = new Set(['openid', 'email', 'profile', 'offline_access']);

/** The client's registration in oidc-provider terms (RFC 7591 metadata). */
export function toClientMetadata(client: ClientDefinition): ClientMetadata {
  const grants = new Set(client.grantTypes);
  // Custom scopes (tenantry/internal) are the API resource's business (api-resource.ts), not metadata.
  const oidcScope = client.scope.split(' ').filter((scope) => OIDC_SCOPES.has(scope)).join(' ');
  return {
    client_id: client.clientId,
    client_name: client.name ?? client.clientId,
    ...(client.clientSecret === undefined
      ? { token_endpoint_auth_method: 'none' }
      : { client_secret: client.clientSecret, token_endpoint_auth_method: 'client_secret_basic' }),
    grant_types: [...grants],
    response_types: grants.has('authorization_code') ? ['code'] : [],
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris,
    ...(oidcScope === '' ? {} : { scope: oidcScope }),
  };
}
