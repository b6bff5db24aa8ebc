// Opaque keyset cursors: base64url of a row's sort key and id and the way to go from it (the page after it, or the
// page before it), bound to the sort and filters they were made for.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { BackendError } from '../backend-error.js';
import type { EntrySort } from './entry-schemas.js';

/** Where a page starts: right after this (key, id), or, going back, right before it. */
export interface CursorPosition {
  /** The sort column's value as text: timestamps to the microsecond, which a JS Date would lose. */
  readonly key: string;
  readonly id: string;
  /** `after`: the page following the row (nextCursor); `before`: the page preceding it (prevCursor). */
  readonly direction: CursorDirection;
}

export type CursorDirection = 'after' | 'before';

// `d` is absent from the cursors made before there were previous pages: they all pointed forward.
const payloadSchema = z.object({
  v: z.literal(1), s: z.string(), f: z.string(), k: z.string(), i: z.uuid(), d: z.enum(['a', 'b']).default('a'),
});

/** Identifies a listing: the same sort and filters give the same scope. */
export function cursorScope(sort: EntrySort, filters: Readonly<Record<string, unknown>>): string {
  const canonical = JSON.stringify(Object.keys(filters).sort().map((key) => [key, filters[key] ?? null]));
  return createHash('sha256').update(`${sort}\n${canonical}`).digest('base64url').slice(0, 16);
}

export function encodeCursor(sort: EntrySort, scope: string, position: CursorPosition): string {
  const d = position.direction === 'before' ? 'b' : 'a';
  return Buffer.from(JSON.stringify({ v: 1, s: sort, f: scope, k: position.key, i: position.id, d })).toString('base64url');
}

/** The position in `cursor`, or a 400 naming `cursor` when it is malformed or made for another listing. */
export function decodeCursor(cursor: string, sort: EntrySort, scope: string): CursorPosition {
  let payload: z.infer<typeof payloadSchema>;
  try {
    payload = payloadSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw invalidCursor('is not a cursor this API made');
  }
  if (payload.s !== sort || payload.f !== scope) throw invalidCursor('was made for another sort or other filters');
  if (!sortKeyFits(sort, payload.k)) throw invalidCursor('is not a cursor this API made');
  return { key: payload.k, id: payload.i, direction: payload.d === 'b' ? 'before' : 'after' };
}

/** The keys this API puts in a cursor: UTC timestamps to the microsecond (utcText in SQL), or a title. */
const timestampKey = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function sortKeyFits(sort: EntrySort, key: string): boolean {
  if (sort === 'title') return key.length <= 400 && !key.includes('\u0000');
  if (!timestampKey.test(key) || key.startsWith('0000')) return false;
  // Only a day the calendar has: Date would carry 02-30 over into March, where PostgreSQL refuses it.
  const instant = Date.parse(key);
  return !Number.isNaN(instant) && new Date(instant).toISOString().slice(0, 19) === key.slice(0, 19);
}

function invalidCursor(message: string): BackendError {
  return new BackendError('bad-request', 'INVALID_CURSOR', `the cursor ${message}`, { fields: [{ field: 'cursor', message }] });
}
