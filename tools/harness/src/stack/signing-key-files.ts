// Private JWKs and key set files for the signing key tests, written atomically as an operator should.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';

export interface PrivateJwk {
  readonly kid: string;
  readonly alg: 'ES256' | 'RS256';
  readonly activateAt?: string;
  readonly retireAt?: string;
  readonly [member: string]: unknown;
}

export function privateJwk(alg: 'ES256' | 'RS256', times: { activateAt?: Date; retireAt?: Date } = {}): PrivateJwk {
  const { privateKey } = alg === 'ES256'
    ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
    : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    ...privateKey.export({ format: 'jwk' }),
    kid: `${alg.toLowerCase()}-${randomBytes(4).toString('hex')}`,
    alg,
    ...(times.activateAt === undefined ? {} : { activateAt: times.activateAt.toISOString() }),
    ...(times.retireAt === undefined ? {} : { retireAt: times.retireAt.toISOString() }),
  };
}

/** Write then rename, so a reader never sees half a file. */
export async function writeKeySet(path: string, keys: readonly PrivateJwk[]): Promise<void> {
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, JSON.stringify({ keys }, null, 2), { mode: 0o600 });
  await rename(temporary, path);
}

/** Members a public JWK may have; anything else in a JWKS is a leak. */
export const publicJwkMembers = ['kty', 'kid', 'alg', 'use', 'crv', 'x', 'y', 'n', 'e'];
