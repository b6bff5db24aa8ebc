// Authenticates the callers of the token endpoint (the gateway): HTTP Basic client credentials from
// PLATFORM_EXCHANGE_CLIENTS (client_secret_basic, RFC 6749 §2.3.1), secrets compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import { invalidClient } from './token-errors.js';

export interface ExchangeClientCredentials {
  readonly id: string;
  readonly secret: string;
}

/** A caller that proved it is a configured exchange client. */
export interface ExchangeClient {
  readonly clientId: string;
}

export interface ExchangeClients {
  /** The client the Authorization header proves, or an invalid_client OAuthError (401). */
  authenticate(authorization: string | undefined): ExchangeClient;
}

export function createExchangeClients(clients: readonly ExchangeClientCredentials[]): ExchangeClients {
  const secrets = new Map(clients.map(({ id, secret }) => [id, digest(secret)]));
  // Unknown ids are compared against this too, so an id's existence does not show in the timing.
  const nobody = digest('');
  return {
    authenticate(authorization) {
      const presented = basicCredentials(authorization);
      if (presented === undefined) throw invalidClient('client authentication with HTTP Basic (client_secret_basic) is required');
      const expected = secrets.get(presented.id);
      const matches = timingSafeEqual(digest(presented.secret), expected ?? nobody);
      if (expected === undefined || !matches) throw invalidClient('client authentication failed');
      return { clientId: presented.id };
    },
  };
}

/** RFC 7617 Basic credentials, each part form-urlencoded first as RFC 6749 §2.3.1 requires. */
function basicCredentials(header: string | undefined): ExchangeClientCredentials | undefined {
  const match = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return undefined;
  try {
    return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

function formDecode(text: string): string {
  return decodeURIComponent(text.replace(/\+/g, ' '));
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
