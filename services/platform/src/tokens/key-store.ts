// The signing keys as the token issuer and the JWKS see them: whatever the source holds now, through the rotation rules.
import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from '@tenantry/runtime';
import { openKeyFile } from './key-file-source.js';
import { openKeySecret } from './key-secret-source.js';
import { SigningKeysError, generateSigningKey, publishedKeys, signerOf, type PublicJwk, type SigningKey } from './signing-keys.js';

/** Where the keys come from (a file, a Secret, memory); `keys()` is cheap and may pick up a change. */
export interface KeySource {
  /** For logs: "file /etc/…", "Secret ns/name", "memory". */
  readonly description: string;
  keys(): Promise<readonly SigningKey[]>;
  close(): void;
}

export interface KeyStore {
  /** The key that signs now; throws SigningKeysError when no key is active. */
  signer(): Promise<SigningKey>;
  /** The public keys to publish now. */
  publicKeys(): Promise<PublicJwk[]>;
  close(): void;
}

export interface KeyStoreOptions {
  readonly source: KeySource;
  /** The longest lifetime of a token this service issues: how long a retired key stays published. */
  readonly maxTokenLifetimeMs: number;
  readonly logger: Logger;
  readonly clock?: () => Date;
}

export function createKeyStore({ source, maxTokenLifetimeMs, logger, clock = () => new Date() }: KeyStoreOptions): KeyStore {
  let lastSigner: string | undefined;
  return {
    async signer() {
      const keys = await source.keys();
      const signer = signerOf(keys, clock());
      if (signer === undefined) {
        throw new SigningKeysError(`no signing key in ${source.description} is active now (every key retired or not yet activated)`);
      }
      if (signer.kid !== lastSigner) {
        logger.info('signing key in use', { kid: signer.kid, source: source.description });
        lastSigner = signer.kid;
      }
      return signer;
    },
    async publicKeys() {
      return publishedKeys(await source.keys(), clock(), maxTokenLifetimeMs);
    },
    close: () => source.close(),
  };
}

/** Keys held in memory only (the generated development key, tests). */
export function memoryKeySource(keys: readonly SigningKey[]): KeySource {
  return { description: 'memory', keys: () => Promise.resolve(keys), close: () => undefined };
}

export interface KeySourceSettings {
  /** PLATFORM_SIGNING_KEYS_FILE. */
  readonly file?: string;
  /** PLATFORM_SIGNING_KEYS_SECRET. */
  readonly secret?: { readonly namespace: string; readonly name: string };
  /** How often the file or the Secret is checked for a change. */
  readonly refreshMs: number;
  readonly kubeConfig: KubeConfig;
  readonly logger: Logger;
}

/** The configured source; with none, one ES256 key generated in memory (development only: it dies with the process). */
export async function openKeySource({ file, secret, refreshMs, kubeConfig, logger }: KeySourceSettings): Promise<KeySource> {
  if (file !== undefined) return openKeyFile({ path: file, recheckMs: refreshMs, logger });
  if (secret !== undefined) return openKeySecret({ kubeConfig, ...secret, refreshMs, logger });
  const key = await generateSigningKey();
  logger.warn('signing key generated in memory; production must configure PLATFORM_SIGNING_KEYS_FILE or PLATFORM_SIGNING_KEYS_SECRET', { kid: key.kid });
  return memoryKeySource([key]);
}
