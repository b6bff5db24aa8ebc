// The internal access token (RFC 9068 JWT profile): its claims, defined once for the platform, which signs
// them, and the backend, which verifies and reads them.
import { z } from 'zod';

/** The `typ` header of every internal token (RFC 9068 §2.1). */
export const INTERNAL_TOKEN_TYPE = 'at+jwt';

/** Asymmetric only: an HMAC algorithm would let anyone holding the public key forge tokens. */
export const INTERNAL_TOKEN_ALGORITHMS: readonly string[] = ['ES256', 'ES384', 'RS256', 'RS384', 'PS256', 'EdDSA'];

/** Who and what an internal token speaks for. */
export interface InternalTokenClaims {
  /** The external subject: the user's stable id. */
  readonly subject: string;
  readonly tenant: string;
  readonly roles: readonly string[];
  readonly permissions: readonly string[];
  /** The app client the user signed in with (the external token's client_id). */
  readonly clientId: string;
  /** Only a verified address reaches an internal token. */
  readonly email?: string;
}

/** The JWT payload as the verifier requires it; iss, aud, iat and exp are checked by the JWT library first. */
export const internalTokenPayloadSchema = z.object({
  sub: z.string().min(1),
  tenant: z.string().min(1),
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
  client_id: z.string().min(1),
  email: z.string().optional(),
  jti: z.string().min(1),
  exp: z.number(),
});

/** The private claims the signer puts in the payload beside the registered ones (sub, iss, aud, jti, iat, exp). */
export function internalTokenPrivateClaims(claims: InternalTokenClaims): Record<string, unknown> {
  return {
    tenant: claims.tenant,
    roles: [...claims.roles],
    permissions: [...claims.permissions],
    client_id: claims.clientId,
    ...(claims.email === undefined ? {} : { email: claims.email }),
  };
}

/** The claims of a verified payload with its expiry (epoch seconds), or undefined when it is not an internal token's. */
export function readInternalTokenClaims(payload: unknown): { claims: InternalTokenClaims; expiresAt: number } | undefined {
  const parsed = internalTokenPayloadSchema.safeParse(payload);
  if (!parsed.success) return undefined;
  const { sub, tenant, roles, permissions, client_id, email, exp } = parsed.data;
  return { claims: { subject: sub, tenant, roles, permissions, clientId: client_id, ...(email === undefined ? {} : { email }) }, expiresAt: exp };
}
