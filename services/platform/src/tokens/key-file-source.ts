// Signing keys from a JSON file (PLATFORM_SIGNING_KEYS_FILE), re-read when it changes: checked on use, at most
// once per interval, by a stat — no watcher to lose, and it follows a mounted Secret's symlink swap too.
import { readFile, stat } from 'node:fs/promises';
import type { Logger } from '@tenantry/runtime';
import type { KeySource } from './key-store.js';
import { SigningKeysError, parseSigningKeys, type SigningKey } from './signing-keys.js';

export interface KeyFileSourceOptions {
  readonly path: string;
  /** The file is stat'ed at most this often. */
  readonly recheckMs: number;
  readonly logger: Logger;
}

/** Reads the file once (a missing or invalid file throws), then follows its changes. */
export async function openKeyFile({ path, recheckMs, logger }: KeyFileSourceOptions): Promise<KeySource> {
  const description = `file ${path}`;
  let current = await load(path, description);
  let checkedAt = Date.now();
  let checking: Promise<void> | undefined;

  const check = async (): Promise<void> => {
    let version: string;
    try {
      version = await versionOf(path);
    } catch (error) {
      logger.warn('signing keys file unreadable; keeping the previous keys', { path, reason: (error as NodeJS.ErrnoException).code });
      return;
    }
    if (version === current.version) return;
    try {
      current = await load(path, description);
      logger.info('signing keys reloaded', { source: description, kids: current.keys.map((key) => key.kid) });
    } catch (error) {
      // Remembered, so one bad version is reported once; the next write changes the version again.
      current = { ...current, version };
      logger.warn('signing keys file invalid; keeping the previous keys', { path, reason: (error as Error).message });
    }
  };

  return {
    description,
    async keys() {
      if (Date.now() - checkedAt >= recheckMs) {
        checkedAt = Date.now();
        checking ??= check().finally(() => { checking = undefined; });
      }
      if (checking !== undefined) await checking;
      return current.keys;
    },
    close: () => undefined,
  };
}

async function load(path: string, description: string): Promise<{ version: string; keys: SigningKey[] }> {
  let version: string;
  let text: string;
  try {
    // Version first: a write landing between the two reads is seen again at the next check.
    version = await versionOf(path);
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SigningKeysError(`cannot read the signing keys ${description} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  return { version, keys: parseSigningKeys(text, description) };
}

/** Changes with every write (mtime, size) and with a replaced file (inode). */
async function versionOf(path: string): Promise<string> {
  const stats = await stat(path, { bigint: true });
  return `${stats.ino}:${stats.size}:${stats.mtimeNs}`;
}
