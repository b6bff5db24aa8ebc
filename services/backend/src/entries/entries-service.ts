// The entries use cases for one caller: listing pages, reading, writing with optimistic concurrency — on the caller's tenant storage.
import type { InternalPrincipal } from '../auth/internal-token-verifier.js';
import { BackendError } from '../backend-error.js';
import type { TenantDatabase } from '../routing/tenant-database.js';
import { cursorScope, decodeCursor, encodeCursor, type CursorDirection } from './entry-cursor.js';
import {
  deleteEntry, entryExists, findEntry, insertEntry, listEntries, updateEntry, type EntryRecord,
} from './entries-repository.js';
import type { Entry, EntryInput, EntryListQuery, EntryPage, EntryPatch, EntrySort } from './entry-schemas.js';

export interface EntriesService {
  list(caller: InternalPrincipal, query: EntryListQuery): Promise<EntryPage>;
  get(caller: InternalPrincipal, id: string): Promise<Entry>;
  create(caller: InternalPrincipal, input: EntryInput): Promise<Entry>;
  /** `expected` is required: a change must say which version it was based on (or `any`, If-Match: *). */
  update(caller: InternalPrincipal, id: string, expected: ExpectedVersion | undefined, patch: EntryPatch): Promise<Entry>;
  remove(caller: InternalPrincipal, id: string, expected: ExpectedVersion | undefined): Promise<void>;
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
      const from = cursor === undefined ? undefined : decodeCursor(cursor, sort, scope);
      const filters = {
        ...(q === undefined ? {} : { q }), ...(status === undefined ? {} : { status }), ...(tags === undefined ? {} : { tags }),
        ...(author === undefined ? {} : { author }), ...(created_from === undefined ? {} : { createdFrom: created_from }),
        ...(created_to === undefined ? {} : { createdTo: created_to }),
      };
      return database.run(caller.tenant, async (db) => {
        // One row more than asked tells whether a page exists beyond this one without a count.
        const rows = await listEntries(db, { sort, limit: limit + 1, ...(from === undefined ? {} : { from }), ...filters });
        if (from?.direction !== 'before') return pageAfter(rows, limit, sort, scope, from !== undefined);
        // Fewer rows than a page before the position: the walk back reached the start, and the first page is
        // a full page from there (the rows before may have changed since the cursor was made).
        if (rows.length < limit) return pageAfter(await listEntries(db, { sort, limit: limit + 1, ...filters }), limit, sort, scope, false);
        return pageBefore(rows, limit, sort, scope);
      });
    },

    async get(caller, id) {
      const entry = await database.run(caller.tenant, (db) => findEntry(db, id));
      if (entry === undefined) throw entryNotFound(id);
      return entry;
    },

    create(caller, input) {
      return database.run(caller.tenant, (db) => insertEntry(db, { ...input, author: caller.email ?? caller.subject }));
    },

    async update(caller, id, expected, patch) {
      if (expected === undefined) {
        throw new BackendError('precondition-required', 'IF_MATCH_REQUIRED', 'a change needs If-Match with the ETag of the version it is based on');
      }
      return database.run(caller.tenant, async (db) => {
        const updated = await updateEntry(db, id, versionOrAny(expected), patch);
        if (updated !== undefined) return updated;
        if (!(await entryExists(db, id))) throw entryNotFound(id);
        throw versionMismatch(id);
      });
    },

    async remove(caller, id, expected) {
      await database.run(caller.tenant, async (db) => {
        if (await deleteEntry(db, id, versionOrAny(expected))) return;
        if (!(await entryExists(db, id))) throw entryNotFound(id);
        throw versionMismatch(id);
      });
    },
  };
}

/** The version a change is based on; `any` is If-Match: *, which any current version matches (RFC 9110 §13.1.1). */
export type ExpectedVersion = number | 'any';

/** The version to match, or null to match whichever version the entry is at. */
function versionOrAny(expected: ExpectedVersion | undefined): number | null {
  return expected === undefined || expected === 'any' ? null : expected;
}

/** Rows in sort order, `limit` + 1 asked for; `afterCursor` when the page starts after some row (so others precede it). */
function pageAfter(rows: readonly EntryRecord[], limit: number, sort: EntrySort, scope: string, afterCursor: boolean): EntryPage {
  const page = rows.slice(0, limit);
  const more = rows.length > limit;
  return {
    items: page.map(withoutSortKey),
    nextCursor: more ? cursorAt(sort, scope, page.at(-1), 'after') : null,
    prevCursor: afterCursor ? cursorAt(sort, scope, page[0], 'before') : null,
  };
}

/** Rows walked backwards (nearest first), `limit` + 1 asked for and at least `limit` found: shown in sort order. */
function pageBefore(rows: readonly EntryRecord[], limit: number, sort: EntrySort, scope: string): EntryPage {
  const page = rows.slice(0, limit).reverse();
  return {
    items: page.map(withoutSortKey),
    nextCursor: cursorAt(sort, scope, page.at(-1), 'after'),
    prevCursor: rows.length > limit ? cursorAt(sort, scope, page[0], 'before') : null,
  };
}

function cursorAt(sort: EntrySort, scope: string, row: EntryRecord | undefined, direction: CursorDirection): string | null {
  if (row?.sortKey === undefined) return null;
  return encodeCursor(sort, scope, { key: row.sortKey, id: row.id, direction });
}

function withoutSortKey({ sortKey: _sortKey, ...entry }: EntryRecord): Entry {
  return entry;
}

function entryNotFound(id: string): BackendError {
  return new BackendError('not-found', 'ENTRY_NOT_FOUND', `no entry ${id}`);
}

function versionMismatch(id: string): BackendError {
  return new BackendError('precondition-failed', 'VERSION_MISMATCH', `entry ${id} has changed since that version; read it again`);
}
