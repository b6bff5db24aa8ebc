// The token endpoint's errors in OAuth's own terms (RFC 6749 §5.2, RFC 8693 §2.2.2), each with its status.
import { TenantryError } from '@tenantry/runtime';

export const oauthErrorCodes = [
  'invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type',
  'invalid_target', 'temporarily_unavailable', 'server_error',
] as const;
export type OAuthErrorCode = (typeof oauthErrorCodes)[number];

export interface OAuthErrorOptions {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** For the log only, when the description given to the caller is deliberately vague. */
  readonly reason?: string;
  readonly cause?: unknown;
}

/** `message` is the error_description: safe to show the caller, never a token or a secret. */
export class OAuthError extends TenantryError {
  readonly error: OAuthErrorCode;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly reason: string;

  constructor(error: OAuthErrorCode, description: string, options: OAuthErrorOptions = {}) {
    super(`OAUTH_${error.toUpperCase()}`, printable(description), options.cause === undefined ? undefined : { cause: options.cause });
    this.error = error;
    this.status = options.status ?? 400;
    this.headers = options.headers ?? {};
    this.reason = options.reason ?? this.message;
  }
}

// RFC 6749 §5.2: error_description is limited to %x20-21 / %x23-5B / %x5D-7E (no '"', no '\').
function printable(text: string): string {
  return text.replace(/["\\]/g, "'").replace(/[^\x20-\x7e]/g, '?');
}

export const invalidRequest = (description: string) => new OAuthError('invalid_request', description);

export const unsupportedGrantType = () =>
  new OAuthError('unsupported_grant_type', 'this endpoint only serves the token exchange grant (urn:ietf:params:oauth:grant-type:token-exchange)');

export const invalidGrant = (description: string, cause?: unknown) => new OAuthError('invalid_grant', description, { cause });

export const invalidTarget = (description: string, reason?: string) =>
  new OAuthError('invalid_target', description, reason === undefined ? {} : { reason });

/** RFC 6749 §5.2: 401 with a challenge for the authentication scheme the client should use. */
export const invalidClient = (description: string) =>
  new OAuthError('invalid_client', description, { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="tenantry", charset="UTF-8"' } });

export const temporarilyUnavailable = (description: string, retryAfterSeconds: number, cause?: unknown) =>
  new OAuthError('temporarily_unavailable', description, { status: 503, headers: { 'Retry-After': String(retryAfterSeconds) }, cause });

export const serverError = () => new OAuthError('server_error', 'the token could not be issued because of an internal error', { status: 500 });
