// A platform admin's webhooks screen in Chromium against the real platform: reached from the tenants list, its empty
// states for subscriptions and deliveries, a deliveries filter kept in the URL, and the platform's refusal to
// subscribe where it has no key to seal signing secrets (the shared stack runs without one) shown as the problem.
import { expect } from 'chai';
import { sharedWebStack, type WebStack } from '@tenantry/harness';
import { expectAccessible, openApp, screenshot, signIn, type AppPage } from './support/web-app.js';

const admin = 'admin@tenantry.dev';

describe('web: webhooks (browser)', function () {
  this.timeout(180_000);
  let stack: WebStack;
  let app: AppPage;

  before(async function () {
    this.timeout(300_000);
    stack = await sharedWebStack();
    app = await openApp(stack);
  });
  after(async () => {
    expect(app.problems).to.deep.equal([]);
    await app.close();
  });

  it('shows empty subscriptions and deliveries, filters by tenant in the URL, and says why a subscription is refused', async () => {
    const { page } = app;
    await signIn(page, admin);
    await page.getByRole('link', { name: 'Manage tenants' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tenants' }).waitFor();
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    await page.getByRole('heading', { name: 'No subscriptions yet' }).waitFor();
    await expectAccessible(page, 'webhooks');

    await page.getByRole('textbox', { name: 'Tenant', exact: true }).fill(stack.tenants.a);
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL((url) => url.searchParams.get('tenant') === stack.tenants.a);
    await page.getByRole('heading', { name: 'No deliveries' }).waitFor();

    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('ops');
    await page.getByRole('textbox', { name: 'URL', exact: true }).fill('https://hooks.example.com/tenantry');
    await page.getByRole('checkbox', { name: 'tenant.deleted' }).check();
    await page.getByRole('button', { name: 'Subscribe' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'PLATFORM_WEBHOOK_SECRETS_KEY' });
    await alert.waitFor();
    expect(await page.getByTestId('webhook-secret').count(), 'no secret is shown for a refused subscription').to.equal(0);
    await screenshot(page, 'webhooks-refused');
  });
});
