// What the browser tests do with the web app: a fresh page (desktop or 375 px), signing in at the real identity
// provider's form, screenshots under .test/screenshots, an axe check, and the CSP violations the page reported.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { repositoryRoot, signInThroughApp, type WebStack } from '@tenantry/harness';

export const screenshotDir = join(repositoryRoot, '.test', 'screenshots');
export const viewports = { desktop: { width: 1280, height: 800 }, phone: { width: 375, height: 740 } } as const;
export type ViewportName = keyof typeof viewports;

export interface AppPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Content-Security-Policy violations and uncaught errors the page reported so far. */
  readonly problems: string[];
  close(): Promise<void>;
}

export async function openApp(stack: WebStack, viewport: ViewportName = 'desktop'): Promise<AppPage> {
  const context = await stack.browser.newContext({ viewport: viewports[viewport], baseURL: stack.webUrl, locale: 'en-GB', timezoneId: 'UTC' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) problems.push(`csp: ${message.text()}`);
  });
  // Generous: three engineers' test runs share two cores here, and a sign-in is several round trips and page loads.
  page.setDefaultTimeout(30_000);
  return { page, context, problems, close: () => context.close() };
}

/** Signs in through the app's button and the identity provider's own form (the harness's, shared with the bench). */
export const signIn = signInThroughApp;

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  // Animations finished first: a dialog caught fading in shows half of itself.
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true, animations: 'disabled' });
}

/** Runs axe on the page: no serious or critical violation. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const grave = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(grave.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`), screen).to.deep.equal([]);
}
