// The few calls a benchmark makes to set up its load, over plain HTTP as any client would: a password-grant
// sign-in, a membership added through the platform API, a token exchange, and a counter read from /metrics.
import { CLI_CLIENT_ID, DEV_CLIENT_SECRETS, USER_SCOPES, demoUsers, type DemoUser } from '@tenantry/identity';
import type { ExchangeClient } from './service-stack.js';

export function demoUser(email: string): DemoUser {
  const user = demoUsers.find((candidate) => candidate.email === email);
  if (user === undefined) throw new Error(`${email} is not a demo user of the identity provider`);
  return user;
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

async function answer<T>(what: string, response: Response): Promise<T> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** An external access token of the CLI client (the password grant, as the CLI signs in). */
export async function signIn(identityUrl: string, user: DemoUser): Promise<string> {
  const { token_endpoint: endpoint } = await answer<{ token_endpoint: string }>('discovery', await fetch(`${identityUrl}/.well-known/openid-configuration`));
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(CLI_CLIENT_ID, DEV_CLIENT_SECRETS[CLI_CLIENT_ID] ?? '') },
    body: new URLSearchParams({ grant_type: 'password', username: user.email, password: user.password, scope: USER_SCOPES }),
  });
  return (await answer<{ access_token: string }>(`signing in as ${user.email}`, response)).access_token;
}

/** Gives `user` a role in `tenant` through the platform API, as a platform admin would. */
export async function addMembership(platformUrl: string, adminToken: string, tenant: string, user: DemoUser, role: string): Promise<void> {
  await answer(`adding ${user.email} to ${tenant}`, await fetch(`${platformUrl}/v1/policy/tenants/${tenant}/memberships`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ user: user.sub, role }),
  }));
}

export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

/** The form body of a token exchange for one tenant, as the gateway sends it. */
export function exchangeBody(subjectToken: string, tenant: string): string {
  return new URLSearchParams({ grant_type: TOKEN_EXCHANGE_GRANT, subject_token: subjectToken, subject_token_type: ACCESS_TOKEN_TYPE, tenant }).toString();
}

export function exchangeHeaders(client: ExchangeClient): Record<string, string> {
  return { authorization: basic(client.id, client.secret), 'content-type': 'application/x-www-form-urlencoded' };
}

/** An internal token for `tenant` through the real exchange. */
export async function exchangeToken(platformUrl: string, client: ExchangeClient, subjectToken: string, tenant: string): Promise<string> {
  const response = await fetch(`${platformUrl}/oauth2/token`, { method: 'POST', headers: exchangeHeaders(client), body: exchangeBody(subjectToken, tenant) });
  return (await answer<{ access_token: string }>(`the exchange for ${tenant}`, response)).access_token;
}

/** Sum of every series of a counter or gauge on a /metrics page (0 when absent). */
export async function metricValue(serviceUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${serviceUrl}/metrics`)).text();
  return text.split('\n')
    .filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** Runs `work` over `items` with at most `inFlight` at a time. */
export async function forEachLimited<T>(items: readonly T[], inFlight: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(inFlight, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  }));
}
