// The token endpoints' wire shapes as zod schemas: they validate the requests, shape the responses and
// become the OpenAPI document.
import { z } from 'zod';
import { tenantNameSchema } from '../tenants/tenant-schemas.js';
import { oauthErrorCodes } from './token-errors.js';

export const tokenExchangeGrantType = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const accessTokenType = 'urn:ietf:params:oauth:token-type:access_token';
export const jwtTokenType = 'urn:ietf:params:oauth:token-type:jwt';
/** `resource=urn:tenantry:tenant:<name>` names the tenant the token is for. */
export const tenantResourcePrefix = 'urn:tenantry:tenant:';

export const tokenExchangeForm = z.object({
  grant_type: z.literal(tokenExchangeGrantType),
  subject_token: z.string().max(16_384).describe('The user\'s access token from the external OIDC provider (Cognito)'),
  subject_token_type: z.enum([accessTokenType, jwtTokenType]),
  audience: z.string().max(256).optional()
    .describe('The internal service the token is for; one of PLATFORM_TOKEN_AUDIENCES, PLATFORM_TOKEN_AUDIENCE when absent'),
  resource: z.string().max(256).optional().describe(`The tenant, as ${tenantResourcePrefix}<name> (or use "tenant")`),
  tenant: tenantNameSchema.optional().describe('The tenant by name (or use "resource"); both must agree when both are sent'),
  requested_token_type: z.enum([jwtTokenType, accessTokenType]).optional().describe('The answer is always a JWT access token'),
  id_token: z.string().max(16_384).optional()
    .describe('Extension: the user\'s ID token from the same provider and client, for the verified e-mail Cognito access tokens lack'),
  scope: z.string().max(1024).optional().describe('Ignored: the permissions come from the user\'s roles in the tenant'),
}).meta({ description: 'RFC 8693 token exchange request (application/x-www-form-urlencoded)' });
export type TokenExchangeForm = z.infer<typeof tokenExchangeForm>;

export const tokenExchangeResponse = z.object({
  access_token: z.string().describe('Internal JWT (typ at+jwt) signed by the key published at /.well-known/jwks.json'),
  issued_token_type: z.literal(jwtTokenType),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int().positive().describe('Seconds: PLATFORM_TOKEN_TTL, never beyond the subject token\'s own expiry'),
}).meta({ description: 'RFC 8693 §2.2.1 token exchange response' });

export const oauthErrorResponse = z.object({
  error: z.enum(oauthErrorCodes),
  error_description: z.string().optional(),
}).meta({ description: 'RFC 6749 §5.2 error response' });

// Output schemas strip unknown members: only these public members can ever leave in a JWKS.
const publicJwkSchema = z.object({
  kty: z.enum(['EC', 'RSA']),
  kid: z.string(),
  alg: z.enum(['ES256', 'RS256']),
  use: z.literal('sig'),
  crv: z.string().optional(),
  x: z.string().optional(),
  y: z.string().optional(),
  n: z.string().optional(),
  e: z.string().optional(),
});

export const jwksResponse = z.object({ keys: z.array(publicJwkSchema) }).meta({ description: 'RFC 7517 JWK Set of public keys' });

export const authorizationServerMetadata = z.object({
  issuer: z.string(),
  token_endpoint: z.string(),
  jwks_uri: z.string(),
  grant_types_supported: z.array(z.string()),
  token_endpoint_auth_methods_supported: z.array(z.string()),
  response_types_supported: z.array(z.string()),
}).meta({ description: 'RFC 8414 authorization server metadata' });
