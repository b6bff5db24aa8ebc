// Writes entries through the gateway as a signed-in user (the CLI client's password grant), to give the browser
// tests a known tenant state quickly.
import { expect } from 'chai';
import { signIn, type WebStack } from '@tenantry/harness';

export async function writeEntries(stack: WebStack, email: string, tenant: string, entries: readonly Record<string, unknown>[]): Promise<string[]> {
  const { accessToken, idToken } = await signIn(stack.identityUrl, email);
  const ids: string[] = [];
  for (const entry of entries) {
    const response = await fetch(`${stack.webUrl}/api/entries`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'x-id-token': idToken, 'x-tenant-id': tenant, 'content-type': 'application/json' },
      body: JSON.stringify(entry),
    });
    expect(response.status, await response.clone().text()).to.equal(201);
    ids.push((await response.json() as { id: string }).id);
  }
  return ids;
}
