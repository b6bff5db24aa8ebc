// The token exchange (RFC 8693): an external user access token plus a tenant become an internal token carrying
// the user's roles and permissions in that tenant, for one internal audience.
import {
  IssuerUnavailableError, TokenRejectedError, type ExternalPrincipal, type ExternalTokenVerifier, type Logger,
} from '@tenantry/runtime';
import type { MembershipService } from '../policy/membership-service.js';
import type { PolicyService } from '../policy/policy-service.js';
import type { ExchangeClient } from './exchange-clients.js';
import { invalidGrant, invalidTarget, temporarilyUnavailable } from './token-errors.js';
import type { TokenExchangeRequest } from './token-exchange-request.js';
import type { TokenIssuer, TokenTimes } from './token-issuer.js';

export interface ExchangedToken {
  readonly accessToken: string;
  readonly expiresIn: number;
}

export interface TokenExchange {
  /** Throws an OAuthError when the token cannot be issued. */
  exchange(client: ExchangeClient, request: TokenExchangeRequest): Promise<ExchangedToken>;
}

export interface TokenExchangeOptions {
  readonly verifier: ExternalTokenVerifier;
  readonly policy: Pick<PolicyService, 'resolve'>;
  readonly memberships: Pick<MembershipService, 'recordUser'>;
  readonly tenantExists: (tenant: string) => Promise<boolean>;
  readonly issuer: TokenIssuer;
  /** PLATFORM_TOKEN_AUDIENCE, used when the request names none. */
  readonly defaultAudience: string;
  /** PLATFORM_TOKEN_AUDIENCES. */
  readonly audiences: readonly string[];
  readonly logger: Logger;
}

export function createTokenExchange(options: TokenExchangeOptions): TokenExchange {
  const { verifier, policy, memberships, tenantExists, issuer, defaultAudience, audiences, logger } = options;

  /** The subject token's user, and the times of the token to issue. */
  const verifySubject = async (token: string): Promise<{ principal: ExternalPrincipal; times: TokenTimes }> => {
    const principal = await verifiedOrRefused(() => verifier.verify(token), 'subject_token');
    const times = { issuedAt: Math.floor(Date.now() / 1000), notAfter: Math.floor(principal.expiresAt.getTime() / 1000) };
    // The verifier allows some clock skew; an exchanged token may not outlive its subject token, so none here.
    if (times.notAfter <= times.issuedAt) throw invalidGrant('subject_token refused: the token has expired');
    return { principal, times };
  };

  /** A verified e-mail from the access token or, as Cognito access tokens carry none, from the ID token. */
  const emailOf = async (principal: ExternalPrincipal, idToken: string | undefined) => {
    if (idToken === undefined) return { email: principal.email, emailVerified: principal.emailVerified };
    const identity = await verifiedOrRefused(
      () => verifier.verifyIdToken(idToken, { subject: principal.subject, clientId: principal.clientId }), 'id_token');
    return identity.email === undefined ? { email: principal.email, emailVerified: principal.emailVerified } : identity;
  };

  return {
    async exchange(client, request) {
      const audience = request.audience ?? defaultAudience;
      if (!audiences.includes(audience)) throw invalidTarget(`tokens for the audience ${audience} are not issued here`);
      const { principal, times } = await verifySubject(request.subjectToken);
      const { email, emailVerified } = await emailOf(principal, request.idToken);
      // Before resolving: a first verified e-mail binds the memberships waiting for it (spec.admins, invitations).
      await memberships.recordUser({ userId: principal.subject, emailVerified, ...(email === undefined ? {} : { email }) });

      const { tenant } = request;
      // Unknown tenant and no membership read alike, so that no user can probe which tenants exist.
      const refusal = `the user may not have a token for tenant ${tenant}`;
      if (!(await tenantExists(tenant))) throw invalidTarget(refusal, `tenant ${tenant} does not exist`);
      // Platform admins get no implicit membership: their group admits them to the platform API only.
      const { roles, permissions } = await policy.resolve(principal.subject, tenant);
      if (roles.length === 0) throw invalidTarget(refusal, `no membership in tenant ${tenant}`);

      const issued = await issuer.issue({
        subject: principal.subject, audience, tenant, roles, permissions, clientId: principal.clientId,
        ...(email !== undefined && emailVerified ? { email } : {}),
      }, times);
      logger.info('internal token issued', {
        user: principal.subject, tenant, audience, kid: issued.kid, expiresIn: issued.expiresIn, caller: client.clientId,
      });
      return { accessToken: issued.token, expiresIn: issued.expiresIn };
    },
  };
}

/** The verifier's refusals in OAuth terms: a bad token is invalid_grant, an unreachable issuer a retry later. */
async function verifiedOrRefused<T>(verify: () => Promise<T>, parameter: string): Promise<T> {
  try {
    return await verify();
  } catch (error) {
    if (error instanceof TokenRejectedError) throw invalidGrant(`${parameter} refused: ${error.message}`, error);
    if (error instanceof IssuerUnavailableError) {
      throw temporarilyUnavailable('the identity provider cannot be reached to verify the token', 5, error);
    }
    throw error;
  }
}
