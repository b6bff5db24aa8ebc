// Signing keys of internal tokens: the private JWK Set format with its rotation times, and the two rules of
// rotation — which key signs now, and which public keys must still be published.
import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { calculateJwkThumbprint } from 'jose';
import { z } from 'zod';
import { TenantryError } from '@tenantry/runtime';

export const signingAlgorithms = ['ES256', 'RS256'] as const;
export type SigningAlgorithm = (typeof signingAlgorithms)[number];

/** A public key as the JWKS serves it: built from the key material, never copied from the private JWK. */
export interface PublicJwk {
  readonly kty: string;
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly use: 'sig';
  readonly [member: string]: string;
}

export interface SigningKey {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly privateKey: KeyObject;
  readonly publicJwk: PublicJwk;
  /** Signs from this moment on (published before, so verifiers learn it ahead). Absent: at once. */
  readonly activateAt?: Date;
  /** Signs no more from this moment; published until a token lifetime later. Absent: never retires. */
  readonly retireAt?: Date;
}

/** The key set cannot be used; the message names the problem, never a key's material. */
export class SigningKeysError extends TenantryError {
  constructor(message: string, options?: ErrorOptions) {
    super('SIGNING_KEYS_INVALID', message, options);
  }
}

const instant = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time such as 2026-12-01T00:00:00Z' })
  .transform((text) => new Date(text));

// Only what this file reads is declared; the key members (d, x, n, …) go to node:crypto as they are.
const keyEntrySchema = z.looseObject({
  kid: z.string().min(1).max(128),
  alg: z.enum(signingAlgorithms),
  activateAt: instant.optional(),
  retireAt: instant.optional(),
});

const keySetSchema = z.object({ keys: z.array(keyEntrySchema).min(1, 'the set holds no key') });

const keyMaterialMembers = ['kty', 'crv', 'x', 'y', 'd', 'n', 'e', 'p', 'q', 'dp', 'dq', 'qi'];

/**
 * Parses a private JWK Set, `{ "keys": [{ kid, alg, activateAt?, retireAt?, …private JWK… }] }`, listed
 * oldest first. `origin` names where it came from in error messages.
 */
export function parseSigningKeys(text: string, origin: string): SigningKey[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SigningKeysError(`the signing keys in ${origin} are not valid JSON`);
  }
  const parsed = keySetSchema.safeParse(json);
  if (!parsed.success) {
    // Issues name paths and expectations only: a message must never quote a private key member.
    const problems = parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
    throw new SigningKeysError(`the signing keys in ${origin} are invalid: ${problems.join('; ')}`);
  }
  const keys = parsed.data.keys.map((entry) => signingKeyOf(entry, origin));
  const kids = keys.map((key) => key.kid);
  const duplicate = kids.find((kid, index) => kids.indexOf(kid) !== index);
  if (duplicate !== undefined) throw new SigningKeysError(`the signing keys in ${origin} use the kid ${duplicate} twice`);
  return keys;
}

function signingKeyOf(entry: z.infer<typeof keyEntrySchema>, origin: string): SigningKey {
  const { kid, alg, activateAt, retireAt } = entry;
  const where = `key ${kid} in ${origin}`;
  const material = Object.fromEntries(keyMaterialMembers.filter((member) => member in entry).map((member) => [member, entry[member]]));
  if (typeof material['d'] !== 'string') throw new SigningKeysError(`${where} is not a private key (the "d" member is missing)`);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: material, format: 'jwk' });
  } catch {
    throw new SigningKeysError(`${where} is not a valid private JWK`);
  }
  const mismatch = algorithmMismatch(privateKey, alg);
  if (mismatch !== undefined) throw new SigningKeysError(`${where}: ${mismatch}`);
  if (activateAt !== undefined && retireAt !== undefined && retireAt <= activateAt) {
    throw new SigningKeysError(`${where} retires before it activates`);
  }
  return {
    kid, alg, privateKey, publicJwk: publicJwkOf(privateKey, kid, alg),
    ...(activateAt === undefined ? {} : { activateAt }),
    ...(retireAt === undefined ? {} : { retireAt }),
  };
}

function algorithmMismatch(key: KeyObject, alg: SigningAlgorithm): string | undefined {
  const details = key.asymmetricKeyDetails ?? {};
  if (alg === 'ES256') {
    return key.asymmetricKeyType === 'ec' && details.namedCurve === 'prime256v1' ? undefined : 'ES256 needs an EC key on the P-256 curve';
  }
  if (key.asymmetricKeyType !== 'rsa') return 'RS256 needs an RSA key';
  return (details.modulusLength ?? 0) >= 2048 ? undefined : 'RS256 needs an RSA key of at least 2048 bits';
}

function publicJwkOf(privateKey: KeyObject, kid: string, alg: SigningAlgorithm): PublicJwk {
  // Derived from the key itself: whatever else the private JWK carried cannot reach the JWKS.
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' }) as Record<string, string>;
  return { ...jwk, kty: jwk['kty'] ?? '', kid, alg, use: 'sig' };
}

/** One new ES256 key, kid = its RFC 7638 thumbprint; tokens it signs stop verifying when the process ends. */
export async function generateSigningKey(): Promise<SigningKey> {
  const { privateKey } = await promisify(generateKeyPair)('ec', { namedCurve: 'P-256' });
  const kid = await calculateJwkThumbprint(createPublicKey(privateKey).export({ format: 'jwk' }), 'sha256');
  return { kid, alg: 'ES256', privateKey, publicJwk: publicJwkOf(privateKey, kid, 'ES256') };
}

/** Activated (or no activateAt) and not yet retired. */
export function isActive(key: SigningKey, now: Date): boolean {
  return (key.activateAt === undefined || key.activateAt <= now) && (key.retireAt === undefined || now < key.retireAt);
}

/** Keys are listed oldest first: the last active one signs. */
export function signerOf(keys: readonly SigningKey[], now: Date): SigningKey | undefined {
  return keys.findLast((key) => isActive(key, now));
}

/**
 * Every key a token still alive may carry, and every key about to sign: all but those retired longer ago than
 * the longest token lifetime (a token signed just before retirement lives that long).
 */
export function publishedKeys(keys: readonly SigningKey[], now: Date, maxTokenLifetimeMs: number): PublicJwk[] {
  return keys
    .filter((key) => key.retireAt === undefined || now.getTime() < key.retireAt.getTime() + maxTokenLifetimeMs)
    .map((key) => key.publicJwk);
}
