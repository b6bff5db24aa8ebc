// A platform admin's tenant screens in Chromium against the real operator: provision a tenant and watch it become
// Ready live (server-sent events, no reload), suspend it and see its user get the suspended screen, rotate its
// database credentials, delete it.
import { expect } from 'chai';
import { eventually, readTenant, sharedWebStack, uniqueTenantName, type WebStack } from '@tenantry/harness';
import { expectAccessible, openApp, screenshot, signIn, type AppPage } from './support/web-app.js';

const admin = 'admin@tenantry.dev';
const newcomer = 'mallory@example.com';

describe('web: tenant admin (browser)', function () {
  this.timeout(180_000);
  let stack: WebStack;
  let app: AppPage;
  let member: AppPage;
  const name = uniqueTenantName('ui');

  before(async function () {
    this.timeout(300_000);
    stack = await sharedWebStack();
    app = await openApp(stack);
    member = await openApp(stack);
  });
  after(async () => {
    expect(app.problems).to.deep.equal([]);
    expect(member.problems).to.deep.equal([]);
    await app.close();
    await member.close();
  });

  it('provisions a tenant, checking the CRD\'s rules first, and the list shows it becoming Ready live', async () => {
    // The list in one tab, watched from before the tenant exists; the form in another.
    const list = app.page;
    await signIn(list, admin);
    await list.getByRole('link', { name: 'Manage tenants' }).click();
    await list.getByRole('heading', { level: 1, name: 'Tenants' }).waitFor();
    await list.getByText('Live', { exact: true }).waitFor();
    const loadedAt = await list.evaluate<number>('performance.timeOrigin');
    // Every phase the new tenant's row shows, in this one page load. (A string: functions given to evaluate would
    // carry the test compiler's helpers into the page.)
    await list.evaluate(`(() => {
      const seen = [];
      window.phases = seen;
      const record = () => {
        const phase = document.querySelector('tr[data-tenant="${name}"] [data-phase]')?.getAttribute('data-phase');
        if (phase && seen.at(-1) !== phase) seen.push(phase);
      };
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    })()`);

    const page = await app.context.newPage();
    await page.goto('/admin/tenants/new');
    await page.getByLabel('Name', { exact: true }).fill('Not_A_Label');
    await page.getByLabel('Display name').fill('Made in the browser');
    await page.getByLabel('Admins').fill(`${newcomer}\nnot-an-address`);
    await page.getByRole('button', { name: 'Provision' }).click();
    await page.getByText('Lower-case letters, digits and "-" only').waitFor();
    await page.getByText('not-an-address is not an e-mail address').waitFor();
    expect(await readTenant(stack.env, 'not_a_label')).to.equal(undefined);
    await screenshot(page, 'tenant-form-errors-desktop');
    await expectAccessible(page, 'tenant form');

    // A name the rules allow but the API server refuses (it exists): its own words, as it said them.
    await page.getByLabel('Name', { exact: true }).fill(stack.tenants.a);
    await page.getByLabel('Admins').fill(newcomer);
    await page.getByRole('button', { name: 'Provision' }).click();
    await page.getByRole('alert').filter({ hasText: `"${stack.tenants.a}" already exists` }).waitFor();
    await screenshot(page, 'tenant-form-refused-desktop');

    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Admins').fill(newcomer);
    await page.getByRole('button', { name: 'Provision' }).click();
    await page.getByRole('heading', { level: 1, name: 'Made in the browser' }).waitFor();
    await page.locator('.summary [data-phase="Ready"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-condition="Ready"]').getByText('True').waitFor();
    await screenshot(page, 'tenant-detail-desktop');
    await expectAccessible(page, 'tenant detail');
    await page.close();

    await list.locator(`tr[data-tenant="${name}"] [data-phase="Ready"]`).waitFor({ timeout: 60_000 });
    const phases = await list.evaluate<string[]>('window.phases');
    expect(phases[0], `phases the list showed live: ${phases.join(' → ')}`).to.not.equal('Ready');
    expect(phases.at(-1)).to.equal('Ready');
    expect(await list.evaluate<number>('performance.timeOrigin'), 'the list was never reloaded').to.equal(loadedAt);
    await screenshot(list, 'tenants-list-desktop');
    await expectAccessible(list, 'tenants list');
    await list.getByRole('link', { name: 'Made in the browser' }).click();
    await list.getByRole('heading', { level: 1, name: 'Made in the browser' }).waitFor();
  });

  it('suspends the tenant: its admin, named in spec.admins, gets the suspended screen; resuming lets them back', async () => {
    const { page } = member;
    await signIn(page, newcomer);
    await page.waitForURL(new RegExp(`/t/${name}/entries`));
    await page.getByRole('heading', { name: 'No entries yet' }).waitFor();

    await app.page.getByRole('button', { name: 'Suspend' }).click();
    await app.page.locator('.summary [data-phase="Suspended"]').waitFor({ timeout: 30_000 });

    await page.reload();
    await page.getByRole('heading', { name: 'This tenant is suspended' }).waitFor();
    await screenshot(page, 'tenant-suspended-desktop');
    await expectAccessible(page, 'suspended screen');

    await app.page.getByRole('button', { name: 'Resume' }).click();
    await app.page.locator('.summary [data-phase="Ready"]').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Your tenants' }).or(page.getByRole('link', { name: 'Your tenants' })).first().waitFor();
    await page.goto(`/t/${name}/entries`);
    await page.getByRole('heading', { name: 'No entries yet' }).waitFor();
  });

  it('rotates the tenant\'s database credentials after saying what it does, and the detail shows the new login live', async () => {
    const { page } = app;
    const before = (await readTenant(stack.env, name))?.status?.credentials?.username;
    expect(before).to.equal(`tenant_${name.replaceAll('-', '_')}`);
    await page.getByRole('button', { name: 'Rotate credentials…' }).click();
    const dialog = page.getByRole('dialog', { name: `Rotate the database credentials of ${name}?` });
    await dialog.getByText('keeps working for 10m').waitFor();
    await dialog.getByRole('button', { name: 'Rotate credentials' }).click();
    // Carried out by the operator and shown from the live stream: the new login, the previous one retiring
    await page.getByText(`${before}$a`, { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByText(new RegExp(`^${before} at `)).waitFor();
    await screenshot(page, 'tenant-credentials-rotated-desktop');
    await expectAccessible(page, 'tenant detail after a rotation');
    // and the tenant's member is served as before
    await member.page.reload();
    await member.page.getByRole('heading', { name: 'No entries yet' }).waitFor();
  });

  it('deletes the tenant only once its name is typed, saying what happens to its storage', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog', { name: `Delete tenant ${name}?` });
    await dialog.getByText('Deletion policy Retain').waitFor();
    const confirm = dialog.getByRole('button', { name: 'Delete tenant' });
    expect(await confirm.isDisabled()).to.equal(true);
    await dialog.getByLabel(`Type ${name} to confirm`).fill(name.slice(0, -1));
    expect(await confirm.isDisabled()).to.equal(true);
    await dialog.getByLabel(`Type ${name} to confirm`).fill(name);
    await screenshot(page, 'tenant-delete-dialog-desktop');
    await confirm.click();

    await page.getByRole('heading', { level: 1, name: 'Tenants' }).waitFor();
    await page.locator(`tr[data-tenant="${name}"]`).waitFor({ state: 'detached', timeout: 60_000 });
    await eventually('the Tenant resource is gone', async () => (await readTenant(stack.env, name)) === undefined, { timeoutMs: 60_000 });
  });
});
