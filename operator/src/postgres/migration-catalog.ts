// The tenant migrations on disk: their names in order and the SQL of each, re-read only when the folder changes.
// Every reconcile asks; a burst of a thousand tenants asked the filesystem a thousand times (a stat of the
// folder) and read each migration file once per tenant — a quarter of the operator's CPU in the burst.
import { createHash } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { upSection } from './sql-migrations.js';

export interface MigrationSet {
  /** The folder the migrations are read from. */
  readonly dir: string;
  readonly names: readonly string[];
  readonly latest: string | undefined;
  /** The migrations' SQL, each file read once for this set; absent, each run reads the files. */
  readonly sources?: MigrationSources;
}

export interface MigrationSources {
  /** The Up section of `<name>.sql`; undefined when there is no such file (a JavaScript migration). */
  sql(name: string): Promise<string | undefined>;
  /** Forgets what was read, e.g. after a migration failed: a file fixed in place is read again. */
  forget(): void;
}

export interface MigrationCatalog {
  readonly dir: string;
  current(): Promise<MigrationSet>;
  /** Calls `listener` when files are added, removed or changed; returns a function that stops watching. */
  onChange(listener: () => void): () => void;
}

export interface MigrationCatalogOptions {
  /**
   * How long a reading of the folder is trusted when no change was heard: a change on a filesystem that
   * cannot be watched is seen this much later (and a resync carries it to every tenant).
   */
  readonly recheckMs?: number;
  readonly now?: () => number;
}

const migrationFile = /^(\d+[-_].+)\.(sql|js|ts|cjs|mjs)$/;

/** The migrations in a folder, in order: file names without their extension. */
export async function readMigrationNames(dir: string): Promise<string[]> {
  return (await readdir(dir))
    .map((file) => migrationFile.exec(file)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
}

/** node-pg-migrate's reading of a .sql migration: its Up section; undefined when the file is not there. */
export async function readSqlMigration(dir: string, name: string): Promise<string | undefined> {
  try {
    return upSection(await readFile(join(dir, `${name}.sql`), 'utf8'));
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * SHA-256 of a set's files, names and contents in order: what identifies the set a roll-out applies. A file
 * fixed in place keeps every name but changes the digest.
 */
export async function migrationSetDigest(set: Pick<MigrationSet, 'dir' | 'names'>): Promise<string> {
  const files = new Map((await readdir(set.dir)).flatMap((file) => {
    const name = migrationFile.exec(file)?.[1];
    return name === undefined ? [] : [[name, file] as const];
  }));
  const hash = createHash('sha256');
  for (const name of set.names) {
    const file = files.get(name);
    hash.update(`${name}\0`);
    if (file !== undefined) hash.update(await readFile(join(set.dir, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export function createMigrationCatalog(dir: string, { recheckMs = 1_000, now = () => performance.now() }: MigrationCatalogOptions = {}): MigrationCatalog {
  let cached: { mtimeMs: number; set: MigrationSet; checkedAt: number } | undefined;
  let sources = createSources(dir);
  const changed = () => {
    if (cached) cached.checkedAt = -Infinity;
    sources.forget(); // a file changed in place keeps the folder's mtime
  };
  return {
    dir,
    async current() {
      if (cached && now() - cached.checkedAt < recheckMs) return cached.set;
      const { mtimeMs } = await stat(dir);
      if (cached?.mtimeMs === mtimeMs) {
        cached.checkedAt = now();
        return cached.set;
      }
      const names = await readMigrationNames(dir);
      sources = createSources(dir);
      const set = { dir, names, latest: names.at(-1), sources };
      cached = { mtimeMs, set, checkedAt: now() };
      return set;
    },
    onChange(listener) {
      let watcher: FSWatcher | undefined;
      try {
        // The catalog hears the change before the listener acts on it, so the listener's passes read it.
        watcher = watch(dir, { persistent: false }, () => {
          changed();
          listener();
        });
      } catch {
        return () => undefined; // Not every filesystem can be watched; recheckMs and resync pick changes up.
      }
      return () => watcher?.close();
    },
  };
}

function createSources(dir: string): MigrationSources {
  const read = new Map<string, Promise<string | undefined>>();
  return {
    sql(name) {
      let source = read.get(name);
      if (source === undefined) {
        source = readSqlMigration(dir, name);
        read.set(name, source);
        source.catch(() => read.delete(name));
      }
      return source;
    },
    forget: () => read.clear(),
  };
}
