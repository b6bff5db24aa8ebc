// The gateway's typed errors, each with a stable code, and their one mapping to problem+json responses.
import { ProblemError, TenantryError, badRequest, forbidden, notFound, serviceUnavailable, tooManyRequests, unauthorized } from '@tenantry/runtime';

/** Why a request was refused before reaching an upstream: the `reason` label of the rejections metric. */
export type RejectionReason =
  | 'missing_token' | 'invalid_token' | 'missing_tenant' | 'unknown_tenant' | 'tenant_deleting' | 'tenant_not_ready'
  | 'tenant_unavailable' | 'tenant_suspended' | 'not_a_member' | 'rate_limited' | 'too_many_in_flight' | 'body_too_large'
  | 'client_gone' | 'issuer_unavailable' | 'platform_unavailable' | 'upstream_unavailable';

export const rejectionReasons: readonly RejectionReason[] = [
  'missing_token', 'invalid_token', 'missing_tenant', 'unknown_tenant', 'tenant_deleting', 'tenant_not_ready',
  'tenant_unavailable', 'tenant_suspended', 'not_a_member', 'rate_limited', 'too_many_in_flight', 'body_too_large',
  'client_gone', 'issuer_unavailable', 'platform_unavailable', 'upstream_unavailable',
];

/** A request the gateway refuses; `message` is safe to show the caller. */
export class GatewayRejection extends TenantryError {
  constructor(readonly reason: RejectionReason, message: string, readonly retryAfterSeconds?: number, options?: ErrorOptions) {
    super(reason.toUpperCase(), message, options);
  }
}

export const TENANT_HEADER = 'x-tenant-id';

/** The same words for a tenant that does not exist and for one the caller is not a member of. */
export const noSuchTenant = (name: string) => `There is no tenant ${name.slice(0, 63)} that you are a member of.`;
const bearerChallenge = 'Bearer realm="tenantry", error="invalid_token"';

/** The one place a rejection becomes an HTTP answer. */
export function toProblem(rejection: GatewayRejection): ProblemError {
  const { reason, message: detail, retryAfterSeconds = 1 } = rejection;
  const code = rejection.code;
  switch (reason) {
    // RFC 6750 §3.1 would omit the error for a missing token; one challenge keeps clients' handling simple.
    case 'missing_token':
    case 'invalid_token':
      return unauthorized(detail, { code, wwwAuthenticate: bearerChallenge });
    case 'missing_tenant':
      return badRequest(detail, [{ field: TENANT_HEADER, message: 'required' }], { code });
    // One answer, code included, for both: the metrics keep them apart, the caller cannot.
    case 'unknown_tenant':
    case 'not_a_member':
      return notFound(detail, { code: 'TENANT_NOT_FOUND' });
    case 'tenant_deleting':
      return notFound(detail, { code });
    case 'tenant_suspended':
      return forbidden(detail, { code });
    // Stalled: nothing changes until someone acts, so no Retry-After invites clients to poll.
    case 'tenant_unavailable':
      return new ProblemError({ status: 503, code, detail });
    case 'rate_limited':
    case 'too_many_in_flight':
      return tooManyRequests(detail, retryAfterSeconds, { code });
    case 'body_too_large':
      return new ProblemError({ status: 413, code, detail });
    // Nobody reads the answer; 499 is what proxies log for it (nginx).
    case 'client_gone':
      return new ProblemError({ status: 499, code, detail });
    case 'upstream_unavailable':
      return new ProblemError({ status: 502, code, detail });
    case 'tenant_not_ready':
    case 'issuer_unavailable':
    case 'platform_unavailable':
      return serviceUnavailable(detail, retryAfterSeconds, { code });
  }
}
