// Signing keys from a Kubernetes Secret (PLATFORM_SIGNING_KEYS_SECRET, key jwks.json), re-read periodically:
// a GET every few seconds is cheap and cannot die silently the way a watch can.
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import type { Logger } from '@tenantry/runtime';
import type { KeySource } from './key-store.js';
import { SigningKeysError, parseSigningKeys, type SigningKey } from './signing-keys.js';

/** The Secret's data key holding the private JWK Set. */
export const signingKeysSecretKey = 'jwks.json';

export interface KeySecretSourceOptions {
  readonly kubeConfig: KubeConfig;
  readonly namespace: string;
  readonly name: string;
  readonly refreshMs: number;
  readonly logger: Logger;
}

/** Reads the Secret once (missing, unreadable or invalid throws), then re-reads it every `refreshMs`. */
export async function openKeySecret({ kubeConfig, namespace, name, refreshMs, logger }: KeySecretSourceOptions): Promise<KeySource> {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const description = `Secret ${namespace}/${name}`;

  const read = async (): Promise<{ version: string; text: string }> => {
    let secret;
    try {
      secret = await core.readNamespacedSecret({ namespace, name });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const status = typeof code === 'number' ? `HTTP ${code}` : (error as Error).message;
      throw new SigningKeysError(`cannot read the signing keys ${description} (${status})`, { cause: error });
    }
    const data = secret.data?.[signingKeysSecretKey];
    if (data === undefined) throw new SigningKeysError(`${description} has no ${signingKeysSecretKey} key`);
    return { version: secret.metadata?.resourceVersion ?? '', text: Buffer.from(data, 'base64').toString('utf8') };
  };

  const first = await read();
  let current: { version: string; keys: SigningKey[] } = { version: first.version, keys: parseSigningKeys(first.text, description) };
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const refresh = async (): Promise<void> => {
    try {
      const { version, text } = await read();
      if (version === current.version) return;
      try {
        current = { version, keys: parseSigningKeys(text, description) };
        logger.info('signing keys reloaded', { source: description, kids: current.keys.map((key) => key.kid) });
      } catch (error) {
        current = { ...current, version };
        logger.warn('signing keys Secret invalid; keeping the previous keys', { source: description, reason: (error as Error).message });
      }
    } catch (error) {
      logger.warn('signing keys Secret unreadable; keeping the previous keys', { source: description, reason: (error as Error).message });
    }
  };

  const schedule = (): void => {
    if (closed) return;
    timer = setTimeout(() => void refresh().finally(schedule), refreshMs);
    timer.unref();
  };
  schedule();

  return {
    description,
    keys: () => Promise.resolve(current.keys),
    close() {
      closed = true;
      clearTimeout(timer);
    },
  };
}
