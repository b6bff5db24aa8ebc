// Debian's Chromium driven by playwright-core (never a browser download of its own), for the browser tests and
// the web benchmarks: one headless browser per run, a fresh context per test, and signing in through the app.
import { chromium, type Browser, type Page } from 'playwright-core';
import { demoUser } from './stack/user-tokens.js';

export const chromiumPath = process.env['TENANTRY_CHROMIUM'] ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
    ],
  });
}

/**
 * Signs a demo user in the way a person does: the app's Sign in button, then the identity provider's own form
 * (authorization code + PKCE); resolves once the app shows a page again.
 */
export async function signInThroughApp(page: Page, email: string, path = '/'): Promise<void> {
  await page.goto(path);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(demoUser(email).password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const appOrigin = new URL(page.url()).origin;
  await page.waitForURL((url) => url.origin === appOrigin && !url.pathname.startsWith('/auth/'));
  await page.locator('main h1').first().waitFor({ state: 'attached' });
}
