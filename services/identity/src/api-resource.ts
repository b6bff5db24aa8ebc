// The one protected resource (the Tenantry API): makes every access token a JWT, RS256-signed, with its audience.
//
// oidc-provider only issues JWT access tokens for a resource server (RFC 8707 resource indicators); with a
// default resource, clients never send `resource`, just as with Cognito, and still get JWTs.
import { errors, type Client, type Configuration, type ResourceServer } from 'oidc-provider';

/** The `aud` of access tokens unless configured otherwise (IDENTITY_API_AUDIENCE). */
export const DEFAULT_API_AUDIENCE = 'urn:tenantry:api';

export interface ApiResourceOptions {
  /** The resource indicator and the `aud` of access tokens, e.g. `urn:tenantry:api`. */
  readonly audience: string;
  readonly accessTokenTtlSeconds: number;
  /** Client id → the space-separated scopes its access tokens may carry. */
  readonly clientScopes: ReadonlyMap<string, string>;
}

type ResourceIndicators = NonNullable<NonNullable<Configuration['features']>['resourceIndicators']>;

/** The resource server a client's access tokens are issued for; its scopes are the client's allowed scopes. */
export function apiResourceServer(client: Client, { audience, accessTokenTtlSeconds, clientScopes }: ApiResourceOptions): ResourceServer {
  return {
    // The access token keeps the requested scopes this client may have (openid email profile for users,
    // the custom scopes for services), as Cognito's access tokens list them.
    scope: clientScopes.get(client.clientId) ?? '',
    audience,
    accessTokenFormat: 'jwt',
    accessTokenTTL: accessTokenTtlSeconds,
    jwt: { sign: { alg: 'RS256' } },
  };
}

/** oidc-provider's `features.resourceIndicators`: one resource, the default for every request. */
export function apiResourceIndicators(options: ApiResourceOptions): ResourceIndicators {
  return {
    enabled: true,
    defaultResource: () => options.audience,
    // The token request of the code flow may omit `resource`: use the one granted at authorization.
    useGrantedResource: () => true,
    getResourceServerInfo: (_ctx, resource, client) => {
      if (resource !== options.audience) throw new errors.InvalidTarget('unknown resource indicator');
      return apiResourceServer(client, options);
    },
  };
}
