// The tenant migrations on disk: their names in order, re-read only when the folder changes.
import { watch, type FSWatcher } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';

export interface MigrationSet {
  /** The folder the migrations are read from. */
  readonly dir: string;
  readonly names: readonly string[];
  readonly latest: string | undefined;
}

export interface MigrationCatalog {
  readonly dir: string;
  current(): Promise<MigrationSet>;
  /** Calls `listener` when files are added or removed; returns a function that stops watching. */
  onChange(listener: () => void): () => void;
}

const migrationFile = /^(\d+[-_].+)\.(sql|js|ts|cjs|mjs)$/;

/** The migrations in a folder, in order: file names without their extension. */
export async function readMigrationNames(dir: string): Promise<string[]> {
  return (await readdir(dir))
    .map((file) => migrationFile.exec(file)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
}

export function createMigrationCatalog(dir: string): MigrationCatalog {
  let cached: { mtimeMs: number; set: MigrationSet } | undefined;
  return {
    dir,
    async current() {
      const { mtimeMs } = await stat(dir);
      if (cached?.mtimeMs === mtimeMs) return cached.set;
      const names = await readMigrationNames(dir);
      const set = { dir, names, latest: names.at(-1) };
      cached = { mtimeMs, set };
      return set;
    },
    onChange(listener) {
      let watcher: FSWatcher | undefined;
      try {
        watcher = watch(dir, { persistent: false }, () => listener());
      } catch {
        return () => undefined; // Not every filesystem can be watched; resync still picks changes up.
      }
      return () => watcher?.close();
    },
  };
}
