// scrypt password hashes (node:crypto): what the user directory stores instead of passwords.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// RFC 7914 parameters recommended for interactive logins (N = 2^14, r = 8, p = 1: 16 MiB, ~50 ms).
const PARAMETERS = { N: 16_384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
const FORMAT = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

/** Thrown for a stored hash that is not `scrypt$N$r$p$salt$key`. */
export class PasswordHashFormatError extends Error {
  readonly code = 'PASSWORD_HASH_INVALID';
  constructor() {
    super('expected a password hash of the form scrypt$N$r$p$<salt base64url>$<key base64url>');
    this.name = 'PasswordHashFormatError';
  }
}

/** `scrypt$N$r$p$<salt>$<derived key>`, base64url; a fresh random salt every time. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, KEY_LENGTH, PARAMETERS);
  const { N, r, p } = PARAMETERS;
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** True when `password` matches `hash`; compares in constant time. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const parsed = parseHash(hash);
  const key = await derive(password, parsed.salt, parsed.key.length, parsed.parameters);
  return timingSafeEqual(key, parsed.key);
}

/** Throws PasswordHashFormatError unless `hash` can be verified against. */
export function assertPasswordHash(hash: string): void {
  parseHash(hash);
}

function parseHash(hash: string): { parameters: ScryptOptions; salt: Buffer; key: Buffer } {
  const match = FORMAT.exec(hash);
  if (match === null) throw new PasswordHashFormatError();
  const [, N, r, p, salt, key] = match as unknown as [string, string, string, string, string, string];
  const parameters = { N: Number(N), r: Number(r), p: Number(p) };
  const keyBytes = Buffer.from(key, 'base64url');
  if (keyBytes.length < 16 || !Number.isSafeInteger(parameters.N)) throw new PasswordHashFormatError();
  return { parameters, salt: Buffer.from(salt, 'base64url'), key: keyBytes };
}

function derive(password: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
  // 128 · N · r bytes of memory, plus headroom: node's default maxmem (32 MiB) fits N = 2^14 only just.
  const maxmem = 256 * (options.N ?? PARAMETERS.N) * (options.r ?? PARAMETERS.r);
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, length, { ...options, maxmem }, (error, key) => {
      if (error === null) resolve(key);
      else reject(error);
    });
  });
}
