// The entries API over HTTP: declares each operation, turns ETag/If-Match into versions, and calls the service.
import type { Router } from 'express';
import { z } from 'zod';
import { BackendError } from '../backend-error.js';
import { createApiRouter, type ApiCatalog } from '../http/api-operations.js';
import type { EntriesService, ExpectedVersion } from './entries-service.js';
import {
  entryInputSchema, entryListQuerySchema, entryPageSchema, entryParamsSchema, entryPatchSchema, entrySchema, type Entry,
} from './entry-schemas.js';

export interface EntriesRouterOptions {
  readonly catalog: ApiCatalog;
  readonly entries: EntriesService;
}

const tag = 'entries';
// Not `required` in the document even where a change needs it: a request without it is well-formed, and answered
// 428 Precondition Required (RFC 6585), not refused as malformed.
const ifMatch = (needed: boolean) => [{
  name: 'If-Match', required: false,
  description: `The ETag of the version the change is based on, or * for whichever version is current${needed ? '; without it, 428' : ''}`,
}];

export function createEntriesRouter({ catalog, entries }: EntriesRouterOptions): Router {
  const api = createApiRouter(catalog);
  api.add({
    operationId: 'listEntries', method: 'get', path: '/api/entries', tag, access: 'entries:read',
    summary: 'A page of the tenant\'s entries (keyset pagination), searched and filtered',
    query: entryListQuerySchema,
    success: { status: 200, description: 'One page, with the cursors of the pages after and before it', schema: entryPageSchema },
    problems: [503],
  }, ({ caller, query }) => entries.list(caller, query));

  api.add({
    operationId: 'getEntry', method: 'get', path: '/api/entries/:id', tag, access: 'entries:read',
    summary: 'One entry; its ETag is its version', params: entryParamsSchema,
    success: { status: 200, description: 'The entry', schema: entrySchema },
    problems: [404, 503],
  }, async ({ caller, params, res }) => withETag(res, await entries.get(caller, params.id)));

  api.add({
    operationId: 'createEntry', method: 'post', path: '/api/entries', tag, access: 'entries:write',
    summary: 'Writes a new entry; its author is the caller', body: entryInputSchema,
    success: { status: 201, description: 'The entry written, at Location', schema: entrySchema },
    problems: [422, 503],
  }, async ({ caller, body, res }) => {
    const entry = await entries.create(caller, body);
    res.setHeader('Location', `/api/entries/${entry.id}`);
    return withETag(res, entry);
  });

  api.add({
    operationId: 'updateEntry', method: 'patch', path: '/api/entries/:id', tag, access: 'entries:write',
    summary: 'Changes the fields given, only if the entry is still at the version If-Match names',
    params: entryParamsSchema, body: entryPatchSchema, headers: ifMatch(true),
    success: { status: 200, description: 'The entry changed, with its new ETag', schema: entrySchema },
    problems: [404, 412, 422, 428, 503],
  }, async ({ caller, params, body, req, res }) =>
    withETag(res, await entries.update(caller, params.id, versionOf(req.get('if-match')), body)));

  api.add({
    operationId: 'deleteEntry', method: 'delete', path: '/api/entries/:id', tag, access: 'entries:write',
    summary: 'Deletes an entry; with If-Match, only at that version', params: entryParamsSchema, headers: ifMatch(false),
    success: { status: 204, description: 'Deleted' },
    problems: [404, 412, 503],
  }, ({ caller, params, req }) => entries.remove(caller, params.id, versionOf(req.get('if-match'))));

  return api.router;
}

function withETag(res: { setHeader(name: string, value: string): unknown }, entry: Entry): Entry {
  res.setHeader('ETag', `"${entry.version}"`);
  return entry;
}

const etag = z.string().regex(/^"(\d{1,9})"$/);

/** If-Match compares strongly (RFC 9110 §13.1.1): only our own `"<version>"` can match, or `*` any. */
function versionOf(header: string | undefined): ExpectedVersion | undefined {
  if (header === undefined) return undefined;
  if (header.trim() === '*') return 'any';
  const parsed = etag.safeParse(header.trim());
  if (!parsed.success) {
    throw new BackendError('bad-request', 'IF_MATCH_INVALID', 'If-Match must be the ETag of a version, such as "3", or *',
      { fields: [{ field: 'If-Match', message: 'must be an ETag such as "3", or *' }] });
  }
  return Number(parsed.data.slice(1, -1));
}
