// Memberships the browser tests arrange through the platform's API: a user made a tenant's admin (bob, of tenant b,
// so he has two tenants to choose from and a members screen), and a user's verified e-mail made known to the
// platform (the app sends the ID token at sign-in; the members list then names them by it).
import { expect } from 'chai';
import { call, signIn, type WebStack } from '@tenantry/harness';

export async function makeTenantAdmin(stack: WebStack, userSub: string, tenant: string): Promise<void> {
  const { accessToken } = await signIn(stack.identityUrl, 'admin@tenantry.dev');
  const added = await call(stack.platform.url, 'POST', `/v1/policy/tenants/${tenant}/memberships`,
    { token: accessToken, body: { user: userSub, role: 'tenant-admin' } });
  // 409 MEMBERSHIP_EXISTS: another suite of this run arranged it already.
  expect([201, 409], JSON.stringify(added.body)).to.include(added.status);
}

export async function introduceEmail(stack: WebStack, email: string): Promise<void> {
  const { accessToken, idToken } = await signIn(stack.identityUrl, email);
  const mine = await fetch(`${stack.webUrl}/platform/v1/me/tenants`, { headers: { authorization: `Bearer ${accessToken}`, 'x-id-token': idToken } });
  expect(mine.status).to.equal(200);
}
