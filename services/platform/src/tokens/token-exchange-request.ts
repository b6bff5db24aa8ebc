// Reads a token exchange request from its form parameters, with OAuth's rules on parameters and its error codes.
import { tenantNameSchema } from '../tenants/tenant-schemas.js';
import { invalidRequest, invalidTarget, unsupportedGrantType } from './token-errors.js';
import { tenantResourcePrefix, tokenExchangeForm, tokenExchangeGrantType } from './token-schemas.js';

/** What the exchange needs, validated. */
export interface TokenExchangeRequest {
  readonly subjectToken: string;
  readonly tenant: string;
  /** Absent: the default audience. */
  readonly audience?: string;
  readonly idToken?: string;
}

/** Throws an OAuthError (invalid_request, unsupported_grant_type, invalid_target) for a request it cannot serve. */
export function readTokenExchangeRequest(body: unknown): TokenExchangeRequest {
  if (body === null || typeof body !== 'object') {
    throw invalidRequest('the request body must be application/x-www-form-urlencoded');
  }
  const form = presentParameters(body as Record<string, unknown>);
  const grantType = form['grant_type'];
  if (grantType === undefined) throw invalidRequest('the grant_type parameter is missing');
  if (grantType !== tokenExchangeGrantType) throw unsupportedGrantType();
  // RFC 8693 §2.1: delegation. Acting for someone else is not something this service grants.
  if (form['actor_token'] !== undefined) throw invalidRequest('delegation (actor_token) is not supported');

  const parsed = tokenExchangeForm.safeParse(form);
  if (!parsed.success) {
    const names = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? 'request')))];
    throw invalidRequest(`missing or invalid parameter${names.length === 1 ? '' : 's'}: ${names.join(', ')}`);
  }
  const { subject_token, audience, id_token } = parsed.data;
  return {
    subjectToken: subject_token,
    tenant: tenantOf(parsed.data.resource, parsed.data.tenant),
    ...(audience === undefined ? {} : { audience }),
    ...(id_token === undefined ? {} : { idToken: id_token }),
  };
}

/**
 * RFC 6749 §3.1: a parameter sent without a value is treated as omitted, and none may be repeated
 * (the form parser turns a repeated one into an array).
 */
function presentParameters(body: Record<string, unknown>): Record<string, string> {
  const present: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (Array.isArray(value)) throw invalidRequest(`the ${name} parameter is repeated`);
    if (typeof value === 'string' && value !== '') present[name] = value;
  }
  return present;
}

/** The tenant from `resource=urn:tenantry:tenant:<name>` (RFC 8707) and/or `tenant=<name>`. */
function tenantOf(resource: string | undefined, tenant: string | undefined): string {
  let fromResource: string | undefined;
  if (resource !== undefined) {
    const name = resource.startsWith(tenantResourcePrefix) ? resource.slice(tenantResourcePrefix.length) : undefined;
    // RFC 8707 §2: a resource the server does not know is invalid_target.
    if (name === undefined || !tenantNameSchema.safeParse(name).success) {
      throw invalidTarget(`resource must name a tenant as ${tenantResourcePrefix}<name>`);
    }
    fromResource = name;
  }
  if (fromResource !== undefined && tenant !== undefined && fromResource !== tenant) {
    throw invalidRequest('resource and tenant name different tenants');
  }
  const name = fromResource ?? tenant;
  if (name === undefined) throw invalidRequest(`the tenant is missing: send resource=${tenantResourcePrefix}<name> or tenant=<name>`);
  return name;
}
