// A tenant admin's members screen in Chromium: a user of several tenants picks one, sees its members and pending
// invitations, invites someone by e-mail with a role, changes a member's role — keyboard only for the invitation.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { sharedWebStack, type WebStack } from '@tenantry/harness';
import { introduceEmail, makeTenantAdmin } from './support/members-api.js';
import { expectAccessible, openApp, screenshot, signIn, type AppPage } from './support/web-app.js';

/** Presses Tab until `accept` holds for the focused element; fails after `limit` presses. */
async function tabTo(page: Page, description: string, accept: (element: Element) => boolean, limit = 40): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(`(${accept.toString()})(document.activeElement)`)) return;
  }
  throw new Error(`${limit} presses of Tab never reached ${description}`);
}

describe('web: members (browser)', function () {
  this.timeout(180_000);
  let stack: WebStack;
  let app: AppPage;

  before(async function () {
    this.timeout(300_000);
    stack = await sharedWebStack();
    // bob views tenant a; as the tenant admin of b too he has two tenants to choose from. hank has shown the platform
    // his verified e-mail: the members list names him by it.
    await makeTenantAdmin(stack, stack.users.bob.sub, stack.tenants.b);
    await introduceEmail(stack, stack.users.hank.email);
  });
  beforeEach(async () => { app = await openApp(stack); });
  afterEach(async () => {
    expect(app.problems).to.deep.equal([]);
    await app.close();
  });

  it('lets a user of several tenants choose one, and its admin invite a member by keyboard alone', async () => {
    const { page } = app;
    await signIn(page, stack.users.bob.email);
    await page.getByRole('heading', { level: 1, name: 'Choose a tenant' }).waitFor();
    await expectAccessible(page, 'tenant picker');
    await page.getByRole('link', { name: new RegExp(`Tenant ${stack.tenants.b}`) }).click();
    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByRole('heading', { level: 1, name: 'Members' }).waitFor();
    await page.getByText(stack.users.hank.email, { exact: true }).waitFor();

    // Keyboard only from here: to the e-mail field, type, Tab to the role, pick editor, Enter to invite.
    await tabTo(page, 'the e-mail field', (element) => element instanceof HTMLInputElement && element.name === 'email');
    await page.keyboard.type('newcomer@example.com');
    await tabTo(page, 'the role', (element) => element.getAttribute('role') === 'combobox', 3);
    await page.keyboard.press('Space');
    await page.getByRole('listbox').waitFor();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await page.getByRole('listbox').waitFor({ state: 'detached' });
    await tabTo(page, 'the Invite button', (element) => element.textContent?.trim() === 'Invite');
    await page.keyboard.press('Enter');

    const pending = page.getByRole('region', { name: /Pending invitations/ });
    expect(await page.getByText('An e-mail address is required').count(), 'the emptied field is no error').to.equal(0);
    await pending.getByText('newcomer@example.com').waitFor();
    await pending.getByText('editor', { exact: true }).waitFor();
    await screenshot(page, 'members-invited-desktop');
    await expectAccessible(page, 'members');
  });

  it('changes a member\'s role, and the change is what the platform then holds', async () => {
    const { page } = app;
    await signIn(page, stack.users.bob.email, `/t/${stack.tenants.b}/members`);
    await page.getByRole('heading', { level: 1, name: 'Members' }).waitFor();
    await page.getByRole('combobox', { name: `Role of ${stack.users.hank.email}` }).click();
    await page.getByRole('option', { name: 'viewer' }).click();
    await page.getByText(`${stack.users.hank.email} is now viewer`).waitFor();

    await page.reload();
    await page.getByRole('combobox', { name: `Role of ${stack.users.hank.email}` }).getByText('viewer').waitFor();
  });
});
