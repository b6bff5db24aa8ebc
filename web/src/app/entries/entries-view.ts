// A view of the entries list — search, filters, sort, page size and page — as URL query parameters (so it can be
// shared, bookmarked and reloaded) and as the entries API's query. Plain functions: the list's state is the URL.
import type { EntryListQuery, EntrySort, EntryStatus } from '../api/api-types';

export interface EntriesView {
  readonly q: string;
  readonly status: EntryStatus | '';
  readonly tags: readonly string[];
  readonly author: string;
  /** Created on or after this day (YYYY-MM-DD), inclusive. */
  readonly from: string;
  /** Created on or before this day (YYYY-MM-DD), inclusive: the API's created_to is the next day, exclusive. */
  readonly to: string;
  readonly sort: EntrySort;
  readonly limit: number;
  /** The page: a cursor from the API (nextCursor or prevCursor), absent on the first page. */
  readonly cursor: string;
}

export const entryStatuses: readonly EntryStatus[] = ['draft', 'published', 'archived'];
export const entrySorts: readonly { readonly value: EntrySort; readonly label: string }[] = [
  { value: '-created_at', label: 'Newest first' },
  { value: 'created_at', label: 'Oldest first' },
  { value: '-updated_at', label: 'Recently changed' },
  { value: 'updated_at', label: 'Least recently changed' },
  { value: 'title', label: 'Title A–Z' },
];
export const pageSizes: readonly number[] = [10, 20, 50, 100];

export const defaultView: EntriesView = { q: '', status: '', tags: [], author: '', from: '', to: '', sort: '-created_at', limit: 20, cursor: '' };

type Params = Readonly<Record<string, string | readonly string[] | undefined>>;

const day = /^\d{4}-\d{2}-\d{2}$/;

/** Reads a view from query parameters; anything malformed falls back to the default rather than failing. */
export function viewFromParams(params: Params): EntriesView {
  const one = (name: string) => {
    const value = params[name];
    return (Array.isArray(value) ? value[0] : value) as string | undefined ?? '';
  };
  const many = (name: string) => {
    const value = params[name];
    return value === undefined ? [] : (Array.isArray(value) ? value : [value as string]).filter((tag) => tag !== '');
  };
  const status = one('status');
  const sort = one('sort');
  const limit = Number(one('limit'));
  return {
    q: one('q').trim(),
    status: (entryStatuses as readonly string[]).includes(status) ? status as EntryStatus : '',
    tags: [...new Set(many('tag'))],
    author: one('author').trim(),
    from: day.test(one('from')) ? one('from') : '',
    to: day.test(one('to')) ? one('to') : '',
    sort: entrySorts.some((option) => option.value === sort) ? sort as EntrySort : defaultView.sort,
    limit: pageSizes.includes(limit) ? limit : defaultView.limit,
    cursor: one('cursor'),
  };
}

/** The query parameters of a view: only what differs from the default, so URLs stay short. */
export function paramsOfView(view: EntriesView): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  if (view.q !== '') params['q'] = view.q;
  if (view.status !== '') params['status'] = view.status;
  if (view.tags.length > 0) params['tag'] = [...view.tags];
  if (view.author !== '') params['author'] = view.author;
  if (view.from !== '') params['from'] = view.from;
  if (view.to !== '') params['to'] = view.to;
  if (view.sort !== defaultView.sort) params['sort'] = view.sort;
  if (view.limit !== defaultView.limit) params['limit'] = String(view.limit);
  if (view.cursor !== '') params['cursor'] = view.cursor;
  return params;
}

/** The entries API's query for a view. */
export function apiQueryOfView(view: EntriesView): EntryListQuery {
  return {
    limit: view.limit,
    sort: view.sort,
    ...(view.cursor === '' ? {} : { cursor: view.cursor }),
    ...(view.q === '' ? {} : { q: view.q }),
    ...(view.status === '' ? {} : { status: view.status }),
    ...(view.tags.length === 0 ? {} : { tag: [...view.tags] }),
    ...(view.author === '' ? {} : { author: view.author }),
    ...(view.from === '' ? {} : { created_from: view.from }),
    ...(view.to === '' ? {} : { created_to: nextDay(view.to) }),
  };
}

/** True when the view filters anything (so an empty page means "nothing matches", not "nothing yet"). */
export function isFiltered(view: EntriesView): boolean {
  return view.q !== '' || view.status !== '' || view.tags.length > 0 || view.author !== '' || view.from !== '' || view.to !== '';
}

/** Tags as a person types them: separated by commas, trimmed, without repeats. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(',').map((tag) => tag.trim()).filter((tag) => tag !== ''))];
}

function nextDay(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}
