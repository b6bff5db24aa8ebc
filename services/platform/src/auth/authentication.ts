// Turns a request's bearer token into a Caller — a user (external OIDC access token) or an internal service.
import { serviceUnavailable, unauthorized, type Logger } from '@tenantry/runtime';
import { IssuerUnavailableError, TokenRejectedError, type ExternalPrincipal, type ExternalTokenVerifier } from '@tenantry/runtime';
import type { ServiceCredentials, ServiceIdentity } from './service-credentials.js';

export type Caller =
  | { readonly kind: 'user'; readonly principal: ExternalPrincipal }
  | { readonly kind: 'service'; readonly identity: ServiceIdentity };

/** Which callers an operation accepts. */
export type Security = 'user' | 'service' | 'user-or-service';

export interface Authenticator {
  /** Throws a 401 problem (with a Bearer challenge) unless the Authorization header proves an accepted caller. */
  authenticate(authorization: string | undefined, accepts: Security): Promise<Caller>;
}

export interface AuthenticatorOptions {
  readonly verifier: ExternalTokenVerifier;
  readonly services: ServiceCredentials;
  /** Told about every verified user, e.g. to bind memberships waiting for their e-mail. */
  readonly onUser?: (principal: ExternalPrincipal) => Promise<void>;
  readonly logger: Logger;
}

const realm = 'tenantry';

export function createAuthenticator({ verifier, services, onUser, logger }: AuthenticatorOptions): Authenticator {
  const authenticateUser = async (token: string): Promise<Caller> => {
    let principal: ExternalPrincipal;
    try {
      principal = await verifier.verify(token);
    } catch (error) {
      if (error instanceof TokenRejectedError) throw invalidToken(error.message);
      if (error instanceof IssuerUnavailableError) {
        throw serviceUnavailable('The identity provider cannot be reached to verify the token.', 5, { cause: error });
      }
      throw error;
    }
    if (onUser) await onUser(principal).catch((error: unknown) => logger.warn('recording a signed-in user failed', { error }));
    return { kind: 'user', principal };
  };

  return {
    async authenticate(authorization, accepts) {
      const token = bearerToken(authorization);
      if (token === undefined) {
        throw unauthorized('A bearer token is required.', { wwwAuthenticate: `Bearer realm="${realm}"` });
      }
      if (accepts !== 'user') {
        const identity = await services.authenticate(token);
        if (identity) return { kind: 'service', identity };
        if (accepts === 'service') throw invalidToken('the token is not a valid service credential');
      }
      return authenticateUser(token);
    },
  };
}

/** RFC 6750 §2.1: `Bearer <token>`, the scheme case-insensitive. */
function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header ?? '');
  return match?.[1];
}

function invalidToken(reason: string) {
  // error_description may not contain '"' or '\' (RFC 6750 §3).
  const description = reason.replace(/["\\]/g, "'");
  return unauthorized(`The bearer token was refused: ${reason}.`, {
    code: 'INVALID_TOKEN',
    wwwAuthenticate: `Bearer realm="${realm}", error="invalid_token", error_description="${description}"`,
  });
}

/** How a caller is named in the audit log. */
export function actorOf(caller: Caller): string {
  return caller.kind === 'user' ? `user:${caller.principal.subject}` : `service:${caller.identity.service}`;
}
