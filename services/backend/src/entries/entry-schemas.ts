// The entries API's shapes, once: zod schemas that validate requests, shape responses and become the OpenAPI document.
import { z } from 'zod';

export const entryStatuses = ['draft', 'published', 'archived'] as const;
export const entrySorts = ['created_at', '-created_at', 'updated_at', '-updated_at', 'title'] as const;
export type EntrySort = (typeof entrySorts)[number];

/** Text measured as PostgreSQL's char_length and JSON Schema's maxLength do: in code points, not UTF-16 units. */
function text(min: number, max: number, message: string) {
  return z.string().refine((value) => codePointsWithin(value, min, max), { error: message }).meta({ minLength: min, maxLength: max });
}

function codePointsWithin(value: string, min: number, max: number): boolean {
  // A string has between half its UTF-16 length and its length in code points: most need no count.
  if (value.length <= max && Math.ceil(value.length / 2) >= min) return true;
  if (value.length < min || Math.ceil(value.length / 2) > max) return false;
  let count = 0;
  for (const _ of value) count += 1;
  return count >= min && count <= max;
}

// The limits are checked here, before the database (whose CHECK constraints stay as the last word, 422), so a
// refused value is a 400 naming the field and never reaches the server's log.
const title = text(1, 200, 'must be 1 to 200 characters');
const body = text(0, 100_000, 'must be at most 100,000 characters');
const tags = z.array(z.string()).max(20, { error: 'must be at most 20 tags' });

export const entryInputSchema = z.object({
  title,
  body: body.default(''),
  status: z.enum(entryStatuses).default('draft'),
  tags: tags.default([]),
}).strict();
export type EntryInput = z.infer<typeof entryInputSchema>;

export const entryPatchSchema = z.object({
  title: title.optional(),
  body: body.optional(),
  status: z.enum(entryStatuses).optional(),
  tags: tags.optional(),
}).strict();
export type EntryPatch = z.infer<typeof entryPatchSchema>;

export const entrySchema = z.object({
  id: z.uuid(),
  title: z.string(),
  body: z.string(),
  status: z.enum(entryStatuses),
  tags: z.array(z.string()),
  author: z.string(),
  createdAt: z.string().describe('ISO 8601'),
  updatedAt: z.string().describe('ISO 8601'),
  version: z.number().int().describe('Also the ETag; send it back in If-Match'),
});
export type Entry = z.infer<typeof entrySchema>;

export const entryParamsSchema = z.object({ id: z.uuid({ error: 'must be a UUID' }) });

/** Express gives a repeated parameter as an array and a single one as a string. */
const repeatable = z.preprocess((value) => (typeof value === 'string' ? [value] : value), z.array(z.string().min(1)));
/**
 * An instant PostgreSQL can hold, as the canonical UTC text it is sent as: the ISO forms the query string accepts
 * include the year 0000, which timestamptz refuses.
 */
const isoInstant = z.union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'must be an ISO 8601 date or date-time' })
  .transform((value, context) => {
    const instant = new Date(value);
    const year = instant.getUTCFullYear();
    if (Number.isNaN(instant.getTime()) || year < 1 || year > 9999) {
      context.addIssue({ code: 'custom', message: 'must be between 0001-01-01 and 9999-12-31' });
      return z.NEVER;
    }
    return instant.toISOString();
  });

export const entryListQuerySchema = z.object({
  cursor: z.string().min(1).optional().describe('nextCursor or prevCursor of a page, with the same sort and filters'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  sort: z.enum(entrySorts).default('-created_at'),
  q: z.string().min(1).max(500).optional().describe('Full-text search (websearch syntax) in title and body'),
  status: z.enum(entryStatuses).optional(),
  tag: repeatable.optional().describe('Repeatable; an entry must carry every tag given'),
  author: z.string().min(1).optional(),
  created_from: isoInstant.optional().describe('Inclusive'),
  created_to: isoInstant.optional().describe('Exclusive'),
}).strict();
export type EntryListQuery = z.infer<typeof entryListQuerySchema>;

export const entryPageSchema = z.object({
  items: z.array(entrySchema),
  nextCursor: z.string().nullable().describe('The page after this one; null on the last'),
  prevCursor: z.string().nullable().describe('The page before this one; null on the first'),
});
export type EntryPage = z.infer<typeof entryPageSchema>;
