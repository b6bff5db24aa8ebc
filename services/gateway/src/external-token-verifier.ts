// The gateway's view of the runtime's external token verifier: a verified user and token, or a GatewayRejection
// (401 for a bad token, 503 when the identity provider's keys cannot be fetched).
import {
  IssuerUnavailableError, TokenRejectedError, createExternalTokenVerifier as createVerifier, type ExternalTokenVerifierOptions,
} from '@tenantry/runtime';
import { GatewayRejection } from './gateway-errors.js';

/** Who a verified access token speaks for, and what identifies the token itself. */
export interface ExternalPrincipal {
  readonly subject: string;
  /** `jti`, or a hash of the token when it has none: the token cache's key. */
  readonly tokenId: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

export type ExternalTokenVerifier = (token: string) => Promise<ExternalPrincipal>;

export function createExternalTokenVerifier(options: ExternalTokenVerifierOptions): ExternalTokenVerifier {
  const verifier = createVerifier(options);
  return async (token) => {
    try {
      const principal = await verifier.verify(token);
      return { subject: principal.subject, tokenId: principal.tokenId, expiresAt: principal.expiresAt.getTime() };
    } catch (error) {
      if (error instanceof IssuerUnavailableError) {
        throw new GatewayRejection('issuer_unavailable', 'The identity provider cannot be reached.', 5, { cause: error });
      }
      if (error instanceof TokenRejectedError) {
        // The runtime's reasons are written to be shown to the caller ("the token has expired", …).
        throw new GatewayRejection('invalid_token', `The token was refused: ${error.message}.`, undefined, { cause: error });
      }
      throw error;
    }
  };
}
