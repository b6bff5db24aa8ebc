// The entries use cases for one caller: listing pages, reading, writing with optimistic concurrency — on the caller's tenant storage.
import type { InternalPrincipal } from '../auth/internal-token-verifier.js';
import { BackendError } from '../backend-error.js';
import type { TenantDatabase } from '../routing/tenant-database.js';
import { cursorScope, decodeCursor, encodeCursor } from './entry-cursor.js';
import {
  deleteEntry, entryExists, findEntry, insertEntry, listEntries, updateEntry,
} from './entries-repository.js';
import type { Entry, EntryInput, EntryListQuery, EntryPage, EntryPatch } from './entry-schemas.js';

export interface EntriesService {
  list(caller: InternalPrincipal, query: EntryListQuery): Promise<EntryPage>;
  get(caller: InternalPrincipal, id: string): Promise<Entry>;
  create(caller: InternalPrincipal, input: EntryInput): Promise<Entry>;
  /** `expectedVersion` is required: a write must say which version it was based on. */
  update(caller: InternalPrincipal, id: string, expectedVersion: number | undefined, patch: EntryPatch): Promise<Entry>;
  remove(caller: InternalPrincipal, id: string, expectedVersion: number | undefined): Promise<void>;
}

export interface EntriesServiceOptions {
  readonly database: TenantDatabase;
}

export function createEntriesService({ database }: EntriesServiceOptions): EntriesService {
  return {
    async list(caller, query) {
      const { cursor, limit, sort, q, status, tag, author, created_from, created_to } = query;
      const tags = tag === undefined ? undefined : [...new Set(tag)].sort();
      const scope = cursorScope(sort, { q, status, tags, author, created_from, created_to });
      const after = cursor === undefined ? undefined : decodeCursor(cursor, sort, scope);
      // One row more than asked tells whether a next page exists without a count.
      const rows = await database.run(caller.tenant, (db) => listEntries(db, {
        sort, limit: limit + 1, ...(after === undefined ? {} : { after }),
        ...(q === undefined ? {} : { q }), ...(status === undefined ? {} : { status }), ...(tags === undefined ? {} : { tags }),
        ...(author === undefined ? {} : { author }), ...(created_from === undefined ? {} : { createdFrom: created_from }),
        ...(created_to === undefined ? {} : { createdTo: created_to }),
      }));
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const nextCursor = rows.length > limit && last?.sortKey !== undefined
        ? encodeCursor(sort, scope, { key: last.sortKey, id: last.id })
        : null;
      return { items: page.map(({ sortKey: _sortKey, ...entry }) => entry), nextCursor };
    },

    async get(caller, id) {
      const entry = await database.run(caller.tenant, (db) => findEntry(db, id));
      if (entry === undefined) throw entryNotFound(id);
      return entry;
    },

    create(caller, input) {
      return database.run(caller.tenant, (db) => insertEntry(db, { ...input, author: caller.email ?? caller.subject }));
    },

    async update(caller, id, expectedVersion, patch) {
      if (expectedVersion === undefined) {
        throw new BackendError('precondition-required', 'IF_MATCH_REQUIRED', 'a change needs If-Match with the ETag of the version it is based on');
      }
      return database.run(caller.tenant, async (db) => {
        const updated = await updateEntry(db, id, expectedVersion, patch);
        if (updated !== undefined) return updated;
        if (!(await entryExists(db, id))) throw entryNotFound(id);
        throw versionMismatch(id);
      });
    },

    async remove(caller, id, expectedVersion) {
      await database.run(caller.tenant, async (db) => {
        if (await deleteEntry(db, id, expectedVersion)) return;
        if (!(await entryExists(db, id))) throw entryNotFound(id);
        throw versionMismatch(id);
      });
    },
  };
}

function entryNotFound(id: string): BackendError {
  return new BackendError('not-found', 'ENTRY_NOT_FOUND', `no entry ${id}`);
}

function versionMismatch(id: string): BackendError {
  return new BackendError('precondition-failed', 'VERSION_MISMATCH', `entry ${id} has changed since that version; read it again`);
}
