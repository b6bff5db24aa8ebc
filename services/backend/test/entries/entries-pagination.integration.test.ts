// Keyset pagination over 10,000 entries as a real process: every order visits each entry exactly once, and search
// and each filter return exactly the right rows.
import { expect } from 'chai';
import type { NodeService } from '@tenantry/harness';
import { insertBulkEntries, type BulkEntry } from '../support/bulk-entries.js';
import { request } from '../support/entries-client.js';
import { usePlatformStack } from '@tenantry/harness';

interface Page { items: { id: string; title: string; createdAt: string; updatedAt: string }[]; nextCursor: string | null; prevCursor: string | null }

const count = 10_000;

describe('entries pagination, search and filters (integration, 10,000 entries)', function () {
  this.timeout(180_000);
  const stack = usePlatformStack();
  let backend: NodeService;
  let token: string;
  let bulk: BulkEntry[];

  before(async function () {
    this.timeout(60_000);
    backend = await stack().startBackend();
    bulk = await insertBulkEntries(stack().env, stack().tenants.a, count);
    token = await stack().token('alice', stack().tenants.a);
  });

  const page = async (query: string): Promise<Page> => {
    const response = await request<Page>(backend.url, token, 'GET', `/api/entries?${query}`);
    expect(response.status, JSON.stringify(response.body)).to.equal(200);
    return response.body;
  };

  /** Follows nextCursor to the end; the items of every page, in order. */
  const everything = async (query: string): Promise<Page['items']> => {
    const items: Page['items'] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages <= count; pages += 1) {
      const body = await page(`${query}&limit=100${cursor === null ? '' : `&cursor=${cursor}`}`);
      items.push(...body.items);
      cursor = body.nextCursor;
      if (cursor === null) return items;
    }
    throw new Error('pagination never ended');
  };

  const ids = (entries: readonly { id: string }[]) => entries.map((entry) => entry.id).sort();

  for (const sort of ['-created_at', 'created_at', '-updated_at', 'updated_at', 'title']) {
    it(`visits each of the 10,000 entries exactly once in ${sort} order`, async () => {
      const items = await everything(`sort=${sort}`);

      expect(items).to.have.length(count);
      expect(new Set(items.map((item) => item.id)).size).to.equal(count);
      expect(ids(items)).to.deep.equal(ids(bulk));
      const keys = items.map((item) => (sort === 'title' ? item.title : sort.endsWith('updated_at') ? item.updatedAt : item.createdAt));
      const sorted = [...keys].sort();
      expect(keys).to.deep.equal(sort.startsWith('-') ? sorted.reverse() : sorted);
    });
  }

  for (const sort of ['-created_at', 'title']) {
    it(`walks back from the last page to the first over prevCursor in ${sort} order, each page as it was going forward`, async () => {
      const forward: Page[] = [];
      let cursor: string | null = null;
      do {
        const body: Page = await page(`sort=${sort}&status=published&limit=100${cursor === null ? '' : `&cursor=${cursor}`}`);
        forward.push(body);
        cursor = body.nextCursor;
      } while (cursor !== null);
      expect(forward.length).to.be.greaterThan(3);
      expect(forward[0]!.prevCursor).to.equal(null);

      const backward: Page[] = [forward.at(-1)!];
      while (backward[0]!.prevCursor !== null) backward.unshift(await page(`sort=${sort}&status=published&limit=100&cursor=${backward[0]!.prevCursor}`));

      expect(backward.map((body) => body.items.map((item) => item.id))).to.deep.equal(forward.map((body) => body.items.map((item) => item.id)));
      // A page reached backwards leads forward again to the page it came from.
      const second = await page(`sort=${sort}&status=published&limit=100&cursor=${backward[0]!.nextCursor}`);
      expect(second.items.map((item) => item.id)).to.deep.equal(forward[1]!.items.map((item) => item.id));
    });
  }

  const filters: [string, string, (entry: BulkEntry) => boolean][] = [
    ['search q', 'q=alpha', (entry) => entry.alpha],
    ['status', 'status=published', (entry) => entry.status === 'published'],
    ['one tag', 'tag=five', (entry) => entry.tags.includes('five')],
    ['every tag given', 'tag=even&tag=five', (entry) => entry.tags.includes('even') && entry.tags.includes('five')],
    ['author', `author=${encodeURIComponent('carol@bulk.example')}`, (entry) => entry.author === 'carol@bulk.example'],
    ['created range', 'created_from=2026-01-01T00:01:40Z&created_to=2026-01-01T00:03:20Z', (entry) => entry.second >= 100 && entry.second < 200],
    ['all combined', 'q=alpha&status=draft&tag=even&author=dave%40bulk.example',
      (entry) => entry.alpha && entry.status === 'draft' && entry.tags.includes('even') && entry.author === 'dave@bulk.example'],
  ];
  for (const [label, query, expected] of filters) {
    it(`returns exactly the matching entries for ${label}`, async () => {
      const items = await everything(query);

      const wanted = bulk.filter(expected);
      expect(wanted.length).to.be.greaterThan(0);
      expect(ids(items)).to.deep.equal(ids(wanted));
    });
  }

  it('refuses a cursor made for another sort or other filters, naming the cursor', async () => {
    const { nextCursor } = await page('sort=title&status=draft&limit=5');
    expect(nextCursor).to.be.a('string');

    for (const query of [`sort=-created_at&status=draft&cursor=${nextCursor}`, `sort=title&status=archived&cursor=${nextCursor}`, 'cursor=bm9wZQ']) {
      const response = await request(backend.url, token, 'GET', `/api/entries?${query}`);
      expect(response.status, query).to.equal(400);
      expect(response.body['errors'], query).to.deep.equal([{ field: 'cursor', message: (response.body['errors'] as { message: string }[])[0]!.message }]);
    }
  });

  it('defaults to 20 entries newest first, to the microsecond', async () => {
    const body = await page('');

    // Entry 10000 is alone in the last second; in the one before, odd entries are one microsecond later than even
    // ones, and entries of the same instant come by id.
    const titles = body.items.map((item) => item.title);
    expect(titles).to.have.length(20);
    expect(titles[0]).to.equal('Entry 010000');
    expect(titles.slice(1, 6)).to.have.members(['Entry 009999', 'Entry 009997', 'Entry 009995', 'Entry 009993', 'Entry 009991']);
    expect(titles.slice(6, 11)).to.have.members(['Entry 009998', 'Entry 009996', 'Entry 009994', 'Entry 009992', 'Entry 009990']);
  });
});
