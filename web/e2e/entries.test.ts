// The entries screens in Chromium against the real stack: create and edit, a 412 conflict from a second page,
// search and filters that survive a reload, keyset pages forward and back, delete, and tenant isolation.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { sharedWebStack, type WebStack } from '@tenantry/harness';
import { writeEntries } from './support/entries-api.js';
import { expectAccessible, openApp, screenshot, signIn, type AppPage } from './support/web-app.js';

describe('web: entries (browser)', function () {
  this.timeout(180_000);
  let stack: WebStack;
  let app: AppPage;
  let entriesPath: string;

  before(async function () {
    this.timeout(300_000);
    stack = await sharedWebStack();
    entriesPath = `/t/${stack.tenants.a}/entries`;
  });
  beforeEach(async () => { app = await openApp(stack); });
  afterEach(async () => {
    expect(app.problems).to.deep.equal([]);
    await app.close();
  });

  const titles = (page: Page) => page.locator('tr.entry-row a.title').allTextContents();

  it('creates an entry, edits it, and settles a conflict with a second page', async () => {
    const { page, context } = app;
    await signIn(page, stack.users.alice.email, entriesPath);
    await page.getByRole('link', { name: 'New entry' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'New entry' }).waitFor();
    // Blank titles pass the browser's "required" (spaces are something) but not the table's CHECK: the API's 422
    // lands on the field it names.
    await page.getByLabel('Title').fill('   ');
    await page.getByRole('button', { name: 'Create entry' }).click();
    await page.getByText("The entry's title must be 1 to 200 characters").or(page.getByText('must be 1 to 200 characters')).first().waitFor();
    expect(await page.getByLabel('Title').getAttribute('aria-invalid')).to.equal('true');
    await page.getByLabel('Title').fill('Quarterly report');
    await page.getByLabel('Text').fill('First draft');
    await page.getByLabel('Tags').fill('reports, q1');
    await screenshot(page, 'entry-form-desktop');
    await expectAccessible(page, 'entry form');
    await page.getByRole('button', { name: 'Create entry' }).click();
    await page.getByText('Version 1').waitFor();
    const entryUrl = page.url();

    // A second page (a colleague, or another tab) saves first
    const other = await context.newPage();
    await other.goto(entryUrl);
    await other.getByLabel('Title').fill('Quarterly report (final)');
    await other.getByRole('button', { name: 'Save changes' }).click();
    await other.getByText('Version 2').waitFor();
    await other.close();

    // This page, still at version 1, saves: the conflict dialog shows theirs beside mine
    await page.getByLabel('Text').fill('Second draft');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const dialog = page.getByRole('dialog', { name: 'This entry was changed meanwhile' });
    await dialog.waitFor();
    expect(await dialog.locator('tbody tr').allTextContents()).to.have.length(2);
    await screenshot(page, 'entry-conflict-desktop');
    await expectAccessible(page, 'conflict dialog');
    await dialog.getByRole('button', { name: 'Overwrite with mine' }).click();
    await page.getByText('Version 3').waitFor();
    expect(await page.getByLabel('Title').inputValue()).to.equal('Quarterly report');
    expect(await page.getByLabel('Text').inputValue()).to.equal('Second draft');
  });

  it('searches and filters through the URL, and a reload shows the same view', async () => {
    await writeEntries(stack, stack.users.alice.email, stack.tenants.a, [
      { title: 'Zebra migration notes', body: 'stripes', status: 'published', tags: ['animals'] },
      { title: 'Zebra draft', body: 'stripes', status: 'draft', tags: ['animals'] },
      { title: 'Lion notes', body: 'mane', status: 'published', tags: ['animals'] },
    ]);
    const { page } = app;
    const today = new Date().toISOString().slice(0, 10);
    const firstRowIs = (title: string) => page.waitForFunction((expected) => document.querySelector('tr.entry-row a.title')?.textContent === expected, title);
    await signIn(page, stack.users.alice.email, entriesPath);
    await page.getByRole('searchbox', { name: 'Search' }).fill('stripes');
    await page.getByLabel('Tags').fill('animals');
    await page.getByLabel('Author').fill(stack.users.alice.email);
    await page.getByLabel('Created from').fill(today);
    await page.getByLabel('Created until').fill(today);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/q=stripes/);
    await firstRowIs('Zebra draft');
    expect(await titles(page), 'newest first').to.deep.equal(['Zebra draft', 'Zebra migration notes']);

    // The sort applies at once; the status with the other filters.
    await page.getByRole('combobox', { name: 'Sort' }).click();
    await page.getByRole('option', { name: 'Oldest first' }).click();
    await firstRowIs('Zebra migration notes');
    expect(await titles(page)).to.deep.equal(['Zebra migration notes', 'Zebra draft']);
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'published' }).click();
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/status=published/);
    await page.waitForFunction(() => document.querySelectorAll('tr.entry-row').length === 1);
    expect(await titles(page)).to.deep.equal(['Zebra migration notes']);
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).to.deep.equal({
      q: 'stripes', status: 'published', tag: 'animals', author: stack.users.alice.email, from: today, to: today, sort: 'created_at',
    });

    await page.reload();
    await page.locator('tr.entry-row').first().waitFor();
    expect(await titles(page)).to.deep.equal(['Zebra migration notes']);
    expect(await page.getByRole('searchbox', { name: 'Search' }).inputValue()).to.equal('stripes');
    expect(await page.getByLabel('Created from').inputValue()).to.equal(today);
    await screenshot(page, 'entries-filtered-desktop');
    await expectAccessible(page, 'entries list');
  });

  it('pages forward and back over more than three pages, each page as it was while others write', async () => {
    const seeded = Array.from({ length: 45 }, (_, index) => ({ title: `Paged ${String(index + 1).padStart(2, '0')}`, tags: ['paging'] }));
    await writeEntries(stack, stack.users.alice.email, stack.tenants.a, seeded);
    const { page } = app;
    await signIn(page, stack.users.alice.email, `${entriesPath}?tag=paging&sort=title&limit=10`);
    const pages: string[][] = [];
    for (let n = 0; n < 5; n += 1) {
      await page.locator('tr.entry-row').first().waitFor();
      pages.push(await titles(page));
      // Someone writes entries that sort before the page being read: keyset pages do not shift under them.
      if (n === 1) await writeEntries(stack, stack.users.alice.email, stack.tenants.a, ['a', 'b', 'c'].map((x) => ({ title: `Paged 00${x}`, tags: ['paging'] })));
      if (n < 4) {
        await page.getByRole('button', { name: 'Next page' }).click();
        await page.waitForFunction((previous) => document.querySelector('tr.entry-row a.title')?.textContent !== previous, pages.at(-1)![0]!);
      }
    }
    expect(pages.flat(), 'no entry twice, none skipped').to.deep.equal(seeded.map((entry) => entry.title));
    expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).to.equal(true);

    for (let n = 3; n >= 0; n -= 1) {
      await page.getByRole('button', { name: 'Previous page' }).click();
      await page.waitForFunction((first) => document.querySelector('tr.entry-row a.title')?.textContent === first, pages[n]![0]!);
      expect(await titles(page)).to.deep.equal(pages[n]);
    }
    // The first page as it was read has the new entries before it now: one more step back shows them.
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.waitForFunction(() => document.querySelector('tr.entry-row a.title')?.textContent === 'Paged 00a');
    expect(await titles(page)).to.deep.equal(['Paged 00a', 'Paged 00b', 'Paged 00c', ...pages[0]!.slice(0, 7)]);
    expect(await page.getByRole('button', { name: 'Previous page' }).isDisabled()).to.equal(true);

    // The page size is part of the view too.
    await page.getByRole('combobox', { name: 'Per page' }).click();
    await page.getByRole('option', { name: '50' }).click();
    await page.waitForURL(/limit=50/);
    await page.waitForFunction(() => document.querySelectorAll('tr.entry-row').length === 48);
    expect(await page.locator('nav[aria-label="Pages"]').count(), 'one page holds them all').to.equal(0);
  });

  it('deletes an entry after asking', async () => {
    const [id] = await writeEntries(stack, stack.users.alice.email, stack.tenants.a, [{ title: 'Short-lived', tags: ['doomed'] }]);
    const { page } = app;
    await signIn(page, stack.users.alice.email, `${entriesPath}/${id}`);
    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this entry?' });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL(new RegExp(`${entriesPath}$`));
    await page.goto(`${entriesPath}?tag=doomed`);
    await page.getByRole('heading', { name: 'No entry matches' }).waitFor();
  });

  it('never shows one tenant\'s entries to another tenant\'s user', async () => {
    await writeEntries(stack, stack.users.alice.email, stack.tenants.a, [{ title: 'Secret of tenant a', tags: ['secret'] }]);
    const { page } = app;
    await signIn(page, stack.users.hank.email);
    await page.waitForURL(new RegExp(`/t/${stack.tenants.b}/entries`));
    await page.getByRole('heading', { level: 1, name: 'Entries' }).waitFor();
    await page.locator('.loading').waitFor({ state: 'detached' });
    expect(await page.content()).to.not.include('Secret of tenant a');

    await page.goto(`${entriesPath}?tag=secret`);
    await page.getByRole('heading', { name: 'There is no such tenant' }).waitFor();
    expect(await page.content()).to.not.include('Secret of tenant a');
    await screenshot(page, 'entries-forbidden-desktop');
  });
});
