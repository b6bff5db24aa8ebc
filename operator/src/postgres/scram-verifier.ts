// PostgreSQL SCRAM-SHA-256 verifiers computed in the operator, so a plain password never travels as SQL text.
import { createHash, createHmac, pbkdf2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { TenantryError } from '@tenantry/runtime';

export interface ScramVerifierOptions {
  /** PBKDF2 iterations: PostgreSQL's default, 4096, is the RFC 7677 minimum; node-postgres refuses more than 100 000. */
  readonly iterations?: number;
  /** Defaults to 16 random bytes, as PostgreSQL uses. */
  readonly salt?: Buffer;
}

export class UnsupportedPasswordError extends TenantryError {
  constructor(message: string) {
    super('UNSUPPORTED_PASSWORD', message);
  }
}

const derive = promisify(pbkdf2);

/**
 * Resolves to `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>` (base64), the form PostgreSQL stores
 * in pg_authid.rolpassword and accepts as is in `CREATE ROLE … PASSWORD '…'` (RFC 5802 §3, RFC 7677).
 * PBKDF2 runs in libuv's thread pool: a few milliseconds of hashing per tenant never block the event loop.
 */
export async function scramSha256Verifier(password: string, { iterations = 4096, salt = randomBytes(16) }: ScramVerifierOptions = {}): Promise<string> {
  assertSupportedPassword(password);
  if (!Number.isInteger(iterations) || iterations < 1) throw new RangeError(`iterations must be a positive integer, got ${iterations}`);
  if (salt.length === 0) throw new RangeError('salt must not be empty');
  const saltedPassword = await derive(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const clientKey = hmac(saltedPassword, 'Client Key');
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = hmac(saltedPassword, 'Server Key');
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/** 32 bytes from the system's CSPRNG, base64url: 43 characters, safe in URIs and for every client. */
export function generatePassword(): string {
  return randomBytes(32).toString('base64url');
}

/** A fresh password and its verifier, computed once when first asked for. */
export interface ProposedPassword {
  readonly password: string;
  verifier(): Promise<string>;
}

export function proposePassword(): ProposedPassword {
  const password = generatePassword();
  let verifier: Promise<string> | undefined;
  return { password, verifier: () => (verifier ??= scramSha256Verifier(password)) };
}

function hmac(key: Buffer, message: string): Buffer {
  return createHmac('sha256', key).update(message, 'utf8').digest();
}

// Clients normalise a password with SASLprep (RFC 4013) before hashing, each to its own degree (libpq in
// full, node-postgres only its mapping and NFKC steps). Printable ASCII is left as is by all of them, so
// every client derives the keys computed here; for other text they may not, and the role would refuse
// some clients. Rather than implement SASLprep, refuse what it could rewrite.
function assertSupportedPassword(password: string): void {
  if (password.length === 0) throw new UnsupportedPasswordError('the password is empty');
  if (!/^[\x20-\x7e]+$/.test(password)) {
    throw new UnsupportedPasswordError('the password has characters outside printable ASCII, which SASLprep may rewrite');
  }
}
