// A tenant that cannot be served, as its user meets it in Chromium: placed on a DatabaseServer that does not exist,
// the operator stalls it, and the gateway's 503 without Retry-After becomes the "not available" screen.
import { expect } from 'chai';
import { condition, createTenant, deleteTenant, sharedWebStack, uniqueTenantName, waitForTenant, type WebStack } from '@tenantry/harness';
import { expectAccessible, openApp, screenshot, signIn, type AppPage } from './support/web-app.js';

describe('web: a tenant that cannot be served (browser)', function () {
  this.timeout(120_000);
  let stack: WebStack;
  let app: AppPage;
  const name = uniqueTenantName('stuck');

  before(async function () {
    this.timeout(300_000);
    stack = await sharedWebStack();
    await createTenant(stack.env, name, { displayName: 'Never placed', databaseServer: 'no-such-server', admins: [stack.users.hank.email] });
    await waitForTenant(stack.env, name, 'the operator stalls it', (tenant) => condition(tenant, 'Stalled')?.status === 'True');
    app = await openApp(stack);
  });
  after(async () => {
    await app.close();
    await deleteTenant(stack.env, name).catch(() => undefined);
  });

  it('shows its admin the stalled screen, not a blank page or an endless spinner', async () => {
    const { page } = app;
    await signIn(page, stack.users.hank.email, `/t/${name}/entries`);

    await page.getByRole('heading', { name: 'This tenant is not available' }).waitFor();
    expect(await page.locator('tr.entry-row').count()).to.equal(0);
    await screenshot(page, 'tenant-stalled-desktop');
    await expectAccessible(page, 'stalled screen');
    expect(app.problems).to.deep.equal([]);
  });
});
