// Prometheus metrics of the identity provider: token requests by grant and outcome, login form attempts.
import { Counter, type Registry } from 'prom-client';

export interface IdentityMetrics {
  /** `client` is a registered client id, or "unauthenticated" when client authentication failed. */
  tokenRequest(grantType: string, client: string, outcome: 'issued' | 'refused' | 'failed', error?: string): void;
  loginAttempt(outcome: 'success' | 'failure'): void;
}

// Only values from fixed sets become labels: an attacker's grant_type or client_id would explode cardinality.
const KNOWN_GRANTS = new Set(['authorization_code', 'refresh_token', 'password', 'client_credentials']);

export function createIdentityMetrics(registry: Registry): IdentityMetrics {
  const tokens = new Counter({
    name: 'tenantry_identity_token_requests_total',
    help: 'Token endpoint requests, by grant type, authenticated client, outcome and OAuth error code.',
    labelNames: ['grant_type', 'client_id', 'outcome', 'error'] as const,
    registers: [registry],
  });
  const logins = new Counter({
    name: 'tenantry_identity_login_attempts_total',
    help: 'Submissions of the login form, by outcome.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  for (const outcome of ['success', 'failure'] as const) logins.inc({ outcome }, 0);
  return {
    tokenRequest(grantType, client, outcome, error = '') {
      tokens.inc({ grant_type: KNOWN_GRANTS.has(grantType) ? grantType : 'other', client_id: client, outcome, error });
    },
    loginAttempt(outcome) {
      logins.inc({ outcome });
    },
  };
}
