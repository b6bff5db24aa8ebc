// A tenant that is not ready yet, as its user meets it in Chromium: it names a DatabaseServer the operator cannot
// reach yet, so its provisioning is retried and the gateway answers 503 with Retry-After: the "being set up" screen,
// which asks again by itself and shows the entries once the server's address is put right.
import { expect } from 'chai';
import {
  condition, createTenant, customObjects, deleteTenant, eventually, freePort, operatorNamespace, readTenant, registerDatabaseServer,
  sharedWebStack, signIn as signInWithPassword, uniqueTenantName, waitForTenant, type WebStack,
} from '@tenantry/harness';
import { expectAccessible, openApp, screenshot, signIn, type AppPage } from './support/web-app.js';

describe('web: a tenant not ready yet (browser)', function () {
  this.timeout(180_000);
  let stack: WebStack;
  let app: AppPage | undefined;
  const name = uniqueTenantName('late');
  const server = `${name}-server`;

  before(async function () {
    this.timeout(300_000);
    stack = await sharedWebStack();
    // Capacity 1: placement never picks this server for a tenant that names none. Nothing listens at its port yet.
    await registerDatabaseServer(stack.env, { name: server, namespace: operatorNamespace, capacity: 1, port: await freePort() });
    await createTenant(stack.env, name, { displayName: 'Its server not reachable yet', databaseServer: server, admins: [stack.users.hank.email] });
    await waitForTenant(stack.env, name, 'the operator retries its provisioning',
      (tenant) => condition(tenant, 'Reconciling')?.reason === 'DatabaseUnreachable');
    // spec.admins made hank its tenant admin: the platform has bound it once his tenants name it.
    const hank = await signInWithPassword(stack.identityUrl, stack.users.hank.email);
    await eventually('hank\'s tenants include the new one', async () => {
      const response = await fetch(`${stack.webUrl}/platform/v1/me/tenants`, { headers: { authorization: `Bearer ${hank.accessToken}`, 'x-id-token': hank.idToken } });
      return response.ok && (await response.json() as { items: { name: string }[] }).items.some((tenant) => tenant.name === name);
    });
    app = await openApp(stack);
  });
  after(async function () {
    this.timeout(120_000);
    await app?.close();
    await deleteTenant(stack.env, name).catch(() => undefined);
    await eventually(`tenant ${name} is deleted`, async () => (await readTenant(stack.env, name)) === undefined, { timeoutMs: 60_000 });
    await customObjects(stack.env.kubeConfig()).deleteClusterCustomObject({ group: 'tenantry.dev', version: 'v1alpha1', plural: 'databaseservers', name: server })
      .catch(() => undefined);
  });

  it('shows its admin the "being set up" screen, then its entries once provisioned, without a reload', async () => {
    const { page, problems } = app!;
    await signIn(page, stack.users.hank.email, `/t/${name}/entries`);
    await page.getByRole('heading', { name: 'This tenant is being set up' }).waitFor();
    expect(await page.locator('tr.entry-row').count()).to.equal(0);
    await screenshot(page, 'tenant-provisioning-desktop');
    await expectAccessible(page, 'provisioning screen');
    const loadedAt = await page.evaluate<number>('performance.timeOrigin');

    await customObjects(stack.env.kubeConfig()).patchClusterCustomObject({
      group: 'tenantry.dev', version: 'v1alpha1', plural: 'databaseservers', name: server,
      body: [{ op: 'replace', path: '/spec/port', value: stack.env.postgres.port }],
    });
    await page.getByRole('heading', { name: 'No entries yet' }).waitFor({ timeout: 60_000 });
    expect(await page.evaluate<number>('performance.timeOrigin'), 'the page was never reloaded').to.equal(loadedAt);
    expect(problems).to.deep.equal([]);
  });
});
