// The entries API's shapes, once: zod schemas that validate requests, shape responses and become the OpenAPI document.
import { z } from 'zod';

export const entryStatuses = ['draft', 'published', 'archived'] as const;
export const entrySorts = ['created_at', '-created_at', 'updated_at', '-updated_at', 'title'] as const;
export type EntrySort = (typeof entrySorts)[number];

// Lengths and counts are the table's named CHECK constraints' to enforce (422 naming the field); the schema
// checks types and documents the limits.
export const entryInputSchema = z.object({
  title: z.string().describe('1 to 200 characters'),
  body: z.string().describe('At most 100,000 characters').default(''),
  status: z.enum(entryStatuses).default('draft'),
  tags: z.array(z.string()).describe('At most 20 tags').default([]),
}).strict();
export type EntryInput = z.infer<typeof entryInputSchema>;

export const entryPatchSchema = z.object({
  title: z.string().describe('1 to 200 characters').optional(),
  body: z.string().describe('At most 100,000 characters').optional(),
  status: z.enum(entryStatuses).optional(),
  tags: z.array(z.string()).describe('At most 20 tags').optional(),
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
const isoInstant = z.union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'must be an ISO 8601 date or date-time' });

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
