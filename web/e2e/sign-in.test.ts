// Signing in and out for real: authorization code + PKCE at the identity provider, tokens in memory only, a reload
// signed in again silently through the provider's session, sign-out ending that session too.
import { expect } from 'chai';
import { sharedWebStack, type WebStack } from '@tenantry/harness';
import { expectAccessible, openApp, screenshot, signIn, type AppPage } from './support/web-app.js';

describe('web: signing in (browser)', function () {
  this.timeout(120_000);
  let stack: WebStack;
  let app: AppPage;

  before(async function () {
    this.timeout(300_000);
    stack = await sharedWebStack();
  });

  beforeEach(async () => { app = await openApp(stack); });
  afterEach(async () => {
    expect(app.problems).to.deep.equal([]);
    await app.close();
  });

  it('signs in with code + PKCE, keeps no token in web storage, and a reload signs in again silently', async () => {
    const { page } = app;
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in to Tenantry' }).waitFor();
    await screenshot(page, 'sign-in-desktop');
    await expectAccessible(page, 'sign-in');

    await signIn(page, stack.users.alice.email);

    // alice is a member of tenant a only: straight to its entries
    await page.waitForURL(new RegExp(`/t/${stack.tenants.a}/entries`));
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify(Object.entries(sessionStorage).filter(([key]) => key.startsWith('oidc.user'))));
    expect(stored).to.not.match(/eyJ/);

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Entries' }).waitFor();
    expect(new URL(page.url()).pathname).to.equal(`/t/${stack.tenants.a}/entries`);
  });

  it('signs out of the provider too: the next visit asks for the password again', async () => {
    const { page } = app;
    await signIn(page, stack.users.alice.email);
    await page.getByRole('button', { name: /^Account of/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(`${stack.webUrl}/`);
    await page.getByRole('heading', { name: 'Sign in to Tenantry' }).waitFor();

    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Password').waitFor();
  });
});
