// Every main screen at desktop width and at 375 px: a screenshot of each under .test/screenshots (looked at by a
// person), axe without serious or critical violations, and no horizontal scrolling of the page at 375 px.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { sharedWebStack, type WebStack } from '@tenantry/harness';
import { writeEntries } from './support/entries-api.js';
import { introduceEmail, makeTenantAdmin } from './support/members-api.js';
import { expectAccessible, openApp, screenshot, signIn, type AppPage, type ViewportName } from './support/web-app.js';

interface Screen {
  readonly name: string;
  readonly user: string | undefined;
  readonly path: (stack: WebStack) => string;
  /** What shows once the screen has its content. */
  readonly ready: (page: Page) => Promise<unknown>;
}

const screens: readonly Screen[] = [
  { name: 'sign-in', user: undefined, path: () => '/', ready: (page) => page.getByRole('button', { name: 'Sign in' }).waitFor() },
  { name: 'entries', user: 'alice@acme.example', path: (stack) => `/t/${stack.tenants.a}/entries`, ready: (page) => page.locator('tr.entry-row').first().waitFor() },
  { name: 'entry-new', user: 'alice@acme.example', path: (stack) => `/t/${stack.tenants.a}/entries/new`, ready: (page) => page.getByLabel('Title').waitFor() },
  { name: 'entries-empty', user: 'hank@globex.example', path: (stack) => `/t/${stack.tenants.b}/entries?q=nothing-matches-this`, ready: (page) => page.getByRole('heading', { name: 'No entry matches' }).waitFor() },
  { name: 'no-tenant', user: 'mallory@example.com', path: () => '/', ready: (page) => page.getByRole('heading', { name: 'You have no tenant yet' }).waitFor() },
  { name: 'tenant-picker', user: 'bob@acme.example', path: () => '/', ready: (page) => page.getByRole('heading', { level: 1, name: 'Choose a tenant' }).waitFor() },
  { name: 'members', user: 'bob@acme.example', path: (stack) => `/t/${stack.tenants.b}/members`, ready: (page) => page.getByText('hank@globex.example', { exact: true }).waitFor() },
  { name: 'tenants', user: 'admin@tenantry.dev', path: () => '/admin/tenants', ready: (page) => page.locator('tr[data-tenant]').first().waitFor() },
  { name: 'tenant-new', user: 'admin@tenantry.dev', path: () => '/admin/tenants/new', ready: (page) => page.getByLabel('Display name').waitFor() },
  { name: 'tenant', user: 'admin@tenantry.dev', path: (stack) => `/admin/tenants/${stack.tenants.b}`, ready: (page) => page.locator('[data-condition="Ready"]').waitFor() },
  { name: 'not-found', user: undefined, path: () => '/no/such/page', ready: (page) => page.getByRole('heading', { name: 'There is no such page' }).waitFor() },
];

describe('web: every main screen at desktop width and 375 px (browser)', function () {
  this.timeout(180_000);
  let stack: WebStack;

  before(async function () {
    this.timeout(300_000);
    stack = await sharedWebStack();
    await writeEntries(stack, 'alice@acme.example', stack.tenants.a, [
      { title: 'Welcome to the tenant', body: 'A first entry', status: 'published', tags: ['welcome', 'docs'] },
      { title: 'Release checklist for the spring launch', body: 'Steps', status: 'draft', tags: ['release'] },
    ]);
    await makeTenantAdmin(stack, stack.users.bob.sub, stack.tenants.b);
    await introduceEmail(stack, stack.users.hank.email);
  });

  // One signed-in page per user and width: after the first sign-in, a screen is one load (a silent sign-in).
  const pages = new Map<string, AppPage>();
  const pageFor = async (viewport: ViewportName, screen: Screen): Promise<AppPage> => {
    const key = `${viewport}:${screen.user ?? 'nobody'}`;
    const known = pages.get(key);
    if (known !== undefined) {
      await known.page.goto(screen.path(stack));
      return known;
    }
    const app = await openApp(stack, viewport);
    pages.set(key, app);
    if (screen.user !== undefined) await signIn(app.page, screen.user, screen.path(stack));
    else await app.page.goto(screen.path(stack));
    return app;
  };
  after(async () => {
    for (const app of pages.values()) await app.close();
  });

  for (const viewport of ['desktop', 'phone'] as const satisfies readonly ViewportName[]) {
    for (const screen of screens) {
      it(`shows ${screen.name} at ${viewport} width, accessible`, async () => {
        const app = await pageFor(viewport, screen);
        const { page } = app;
        await screen.ready(page);
        await screenshot(page, `${screen.name}-${viewport}`);
        await expectAccessible(page, `${screen.name} at ${viewport}`);
        if (viewport === 'phone') {
          const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
          expect(overflow, 'the page scrolls sideways at 375 px').to.be.at.most(0);
        }
        expect(app.problems).to.deep.equal([]);
      });
    }
  }
});
