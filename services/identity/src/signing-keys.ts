// Token signing keys: a private JWKS from IDENTITY_KEYS_FILE, or one RS256 key generated at start-up.
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { z } from 'zod';
import { parseConfigValue, readJsonFile } from './json-file.js';

/** A private JWKS as oidc-provider takes it; the first RSA key signs (RS256). */
export interface SigningKeys {
  readonly jwks: { keys: JWK[] };
  /** Key ids in JWKS order; the first signs ID tokens and access tokens. */
  readonly kids: readonly string[];
  readonly source: 'file' | 'generated';
}

const privateRsaKey = z.object({
  kty: z.literal('RSA', { error: 'only RSA keys are supported (tokens are signed RS256, as Cognito does)' }),
  kid: z.string().min(1).optional(),
  alg: z.literal('RS256').optional(),
  use: z.literal('sig').optional(),
  n: z.string().min(1),
  e: z.string().min(1),
  d: z.string({ error: 'a private key is needed (the "d" member is missing)' }).min(1),
  p: z.string().min(1),
  q: z.string().min(1),
  dp: z.string().min(1),
  dq: z.string().min(1),
  qi: z.string().min(1),
});

const keysFileSchema = z.object({ keys: z.array(privateRsaKey).min(1) });

/** Loads the keys of IDENTITY_KEYS_FILE, or generates a fresh RS256 key when no file is given. */
export async function loadSigningKeys(file: string | undefined): Promise<SigningKeys> {
  if (file === undefined) return generateSigningKeys();
  const variable = 'IDENTITY_KEYS_FILE';
  const { keys } = parseConfigValue(keysFileSchema, await readJsonFile(file, variable), variable, { secret: true });
  const complete = await Promise.all(keys.map((key) => completeKey(key)));
  return { jwks: { keys: complete }, kids: complete.map((key) => key.kid ?? ''), source: 'file' };
}

/** One new 2048-bit RSA key; tokens signed with it stop verifying when the process restarts. */
export async function generateSigningKeys(): Promise<SigningKeys> {
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const key = await completeKey(privateKey.export({ format: 'jwk' }));
  return { jwks: { keys: [key] }, kids: [key.kid ?? ''], source: 'generated' };
}

/** Adds `alg`, `use` and, when missing, a `kid` (the RFC 7638 thumbprint, stable for the same key). */
async function completeKey(key: JWK): Promise<JWK> {
  const kid = key.kid ?? (await calculateJwkThumbprint(key, 'sha256'));
  return { ...key, kid, alg: 'RS256', use: 'sig' };
}
