// Every SQL statement on a tenant's entries table; names stay unqualified (the tenant role's search_path is its schema).
import { BackendError } from '../backend-error.js';
import type { Queryable } from '../routing/tenant-database.js';
import type { CursorPosition } from './entry-cursor.js';
import type { Entry, EntryInput, EntryPatch, EntrySort } from './entry-schemas.js';

export interface EntryRecord extends Entry {
  /** The row's value of the listing's sort column, as text, for the next cursor. */
  readonly sortKey?: string;
}

export interface ListCriteria {
  readonly sort: EntrySort;
  readonly limit: number;
  /** Rows after this position in the sort order, or, with direction `before`, the rows right before it (nearest first). */
  readonly from?: CursorPosition;
  readonly q?: string;
  readonly status?: string;
  readonly tags?: readonly string[];
  readonly author?: string;
  readonly createdFrom?: string;
  readonly createdTo?: string;
}

// Timestamps to the microsecond in UTC: the exact key the next page must start after.
const utcText = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

interface KeysetOrder {
  /** The sort key as the cursor keeps it. */
  readonly key: string;
  /** Rows after (key, id) in the order, and the order itself. */
  readonly after: string;
  readonly order: string;
  /** The same walked backwards: rows before (key, id), nearest first. */
  readonly before: string;
  readonly reverse: string;
}

function keyset(column: string, key: string, cast: string, descending: boolean): KeysetOrder {
  const [forward, backward] = descending ? ['<', '>'] : ['>', '<'];
  const [direction, opposite] = descending ? ['DESC', 'ASC'] : ['ASC', 'DESC'];
  const position = `($K${cast}, $I::uuid)`;
  return {
    key,
    after: `(${column}, id) ${forward} ${position}`, order: `${column} ${direction}, id ${direction}`,
    before: `(${column}, id) ${backward} ${position}`, reverse: `${column} ${opposite}, id ${opposite}`,
  };
}

/** Constant SQL per sort: each is an index-backed keyset order over (key, id), walkable both ways. */
const orders: Record<EntrySort, KeysetOrder> = {
  '-created_at': keyset('created_at', utcText('created_at'), '::timestamptz', true),
  created_at: keyset('created_at', utcText('created_at'), '::timestamptz', false),
  '-updated_at': keyset('updated_at', utcText('updated_at'), '::timestamptz', true),
  updated_at: keyset('updated_at', utcText('updated_at'), '::timestamptz', false),
  title: keyset('title', 'title', '', false),
};

const columns = 'id, title, body, status, tags, author, created_at, updated_at, version';

/** The CHECK constraints of migrations/tenant, by the field each one guards. */
const constraintFields: Record<string, { field: string; message: string }> = {
  entries_title_length: { field: 'title', message: 'must be 1 to 200 characters' },
  entries_body_length: { field: 'body', message: 'must be at most 100,000 characters' },
  entries_status_known: { field: 'status', message: 'must be draft, published or archived' },
  entries_tags_count: { field: 'tags', message: 'must be at most 20 tags' },
  entries_tags_not_null: { field: 'tags', message: 'must not contain null' },
};

interface EntryRow {
  id: string; title: string; body: string; status: Entry['status']; tags: string[]; author: string;
  created_at: Date; updated_at: Date; version: number; sort_key?: string;
}

/** The rows of one page in the order of the walk: the sort order, or its reverse when going `before` a position. */
export async function listEntries(db: Queryable, criteria: ListCriteria): Promise<EntryRecord[]> {
  const sortOrder = orders[criteria.sort];
  const backwards = criteria.from?.direction === 'before';
  const { key } = sortOrder;
  const order = backwards ? sortOrder.reverse : sortOrder.order;
  const where: string[] = [];
  const values: unknown[] = [];
  const param = (value: unknown): string => `$${values.push(value)}`;
  if (criteria.from !== undefined) {
    const [keyParam, idParam] = [param(criteria.from.key), param(criteria.from.id)];
    const compare = backwards ? sortOrder.before : sortOrder.after;
    where.push(compare.replace('$K', () => keyParam).replace('$I', () => idParam));
  }
  if (criteria.q !== undefined) where.push(`search @@ websearch_to_tsquery('simple', ${param(criteria.q)})`);
  if (criteria.status !== undefined) where.push(`status = ${param(criteria.status)}`);
  if (criteria.tags !== undefined && criteria.tags.length > 0) where.push(`tags @> ${param(criteria.tags)}::text[]`);
  if (criteria.author !== undefined) where.push(`author = ${param(criteria.author)}`);
  if (criteria.createdFrom !== undefined) where.push(`created_at >= ${param(criteria.createdFrom)}::timestamptz`);
  if (criteria.createdTo !== undefined) where.push(`created_at < ${param(criteria.createdTo)}::timestamptz`);
  const sql = `SELECT ${columns}, ${key} AS sort_key FROM entries`
    + `${where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`} ORDER BY ${order} LIMIT ${param(criteria.limit)}`;
  const { rows } = await db.query<EntryRow>(sql, values);
  return rows.map(toEntry);
}

export async function findEntry(db: Queryable, id: string): Promise<Entry | undefined> {
  const { rows } = await db.query<EntryRow>(`SELECT ${columns} FROM entries WHERE id = $1`, [id]);
  return rows[0] === undefined ? undefined : toEntry(rows[0]);
}

export async function insertEntry(db: Queryable, input: EntryInput & { readonly author: string }): Promise<Entry> {
  const { rows } = await db.query<EntryRow>(
    `INSERT INTO entries (title, body, status, tags, author) VALUES ($1, $2, $3, $4, $5) RETURNING ${columns}`,
    [input.title, input.body, input.status, input.tags, input.author],
  ).catch(rethrowConstraint);
  return toEntry(rows[0]!);
}

/** Applies the fields given only if the row is still at `version` (any when null); undefined when it is not (or is gone). */
export async function updateEntry(db: Queryable, id: string, version: number | null, patch: EntryPatch): Promise<Entry | undefined> {
  // COALESCE keeps a column when the patch leaves it out; every column is NOT NULL, so null means "absent".
  const { rows } = await db.query<EntryRow>(
    `UPDATE entries SET title = COALESCE($3, title), body = COALESCE($4, body), status = COALESCE($5, status),
       tags = COALESCE($6::text[], tags)
     WHERE id = $1 AND ($2::int IS NULL OR version = $2::int) RETURNING ${columns}`,
    [id, version, patch.title ?? null, patch.body ?? null, patch.status ?? null, patch.tags ?? null],
  ).catch(rethrowConstraint);
  return rows[0] === undefined ? undefined : toEntry(rows[0]);
}

/** Deletes the row (only at `version` when not null); whether a row went. */
export async function deleteEntry(db: Queryable, id: string, version: number | null): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM entries WHERE id = $1 AND ($2::int IS NULL OR version = $2::int)', [id, version]);
  return (rowCount ?? 0) > 0;
}

export async function entryExists(db: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM entries WHERE id = $1', [id]);
  return (rowCount ?? 0) > 0;
}

function toEntry(row: EntryRow): EntryRecord {
  return {
    id: row.id, title: row.title, body: row.body, status: row.status, tags: row.tags, author: row.author,
    createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(), version: row.version,
    ...(row.sort_key === undefined ? {} : { sortKey: row.sort_key }),
  };
}

/** A CHECK violation becomes a 422 naming the field its constraint guards; anything else goes up as is. */
function rethrowConstraint(error: unknown): never {
  const { code, constraint } = error as { code?: string; constraint?: string };
  const known = code === '23514' && constraint !== undefined ? constraintFields[constraint] : undefined;
  if (known === undefined) throw error;
  throw new BackendError('invalid', 'ENTRY_INVALID', `the entry's ${known.field} ${known.message}`, { fields: [known] });
}
