// The web figures, in Chromium through the gateway: the JavaScript (gzip) the browser fetches to open the entries
// route with its cache off, and the time from a navigation inside the signed-in app to the first entry row painted,
// next to the same API call alone from the same page (the UI may add at most 150 ms), medians of BENCH_SAMPLES.
import { signIn, signInThroughApp, startWebStack, type Environment, type WebStack } from '@tenantry/harness';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { measure, median, type Figure } from './figures.js';

export interface WebUiOptions {
  readonly samples: number;
  readonly log: (line: string) => void;
}

const SEED_ENTRIES = 50;

export async function benchmarkWebUi(env: Environment, { samples, log }: WebUiOptions): Promise<Figure[]> {
  const running = await startWebStack({ environment: env });
  try {
    const { stack } = running;
    const alice = stack.users.alice.email;
    const tenant = stack.tenants.a;
    const token = await seedEntries(stack, alice, tenant);
    const bundle = await initialJavaScript(stack, alice, `/t/${tenant}/entries`);
    log(`web: entries route loaded ${bundle.files} JavaScript files: ${kB(bundle.gzip)} kB gzip, ${kB(bundle.decoded)} kB decoded`);
    const timing = await firstRow(stack, alice, tenant, token, samples);
    log(`web: navigation to first row ${timing.ui.map((ms) => ms.toFixed(0)).join(' ')} ms; API alone ${timing.api.map((ms) => ms.toFixed(0)).join(' ')} ms`);
    const ui = median(timing.ui);
    const api = median(timing.api);
    return [
      measure({
        name: 'web: initial JS of the entries route (gzip)', value: kB(bundle.gzip), unit: 'kB', target: 250,
        detail: `${bundle.files} files the browser fetched with its cache off, ${kB(bundle.decoded)} kB uncompressed, each gzipped as the gateway does`,
      }),
      measure({
        name: 'web: navigation to first entry row', value: ui, unit: 'ms', baseline: api, on: 'value', target: Math.round((api + 150) * 10) / 10,
        detail: `the UI adds ${(ui - api).toFixed(1)} ms (≤ 150) to the same API call alone from the page; median of ${samples}, warm`,
      }),
    ];
  } finally {
    await running.stop();
  }
}

/** Writes entries through the gateway as `email` (CLI client); returns that access token for the API-alone baseline. */
async function seedEntries(stack: WebStack, email: string, tenant: string): Promise<string> {
  const { accessToken } = await signIn(stack.identityUrl, email);
  for (let n = 1; n <= SEED_ENTRIES; n += 1) {
    const response = await fetch(`${stack.webUrl}/api/entries`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'x-tenant-id': tenant, 'content-type': 'application/json' },
      body: JSON.stringify({ title: `Bench entry ${n}`, body: 'text '.repeat(40), tags: ['bench'] }),
    });
    if (response.status !== 201) throw new Error(`seeding entries answered ${response.status}: ${await response.text()}`);
  }
  return accessToken;
}

/** Every JavaScript file the entries route needs, fetched with the browser cache off: bytes on the wire and decoded. */
async function initialJavaScript(stack: WebStack, email: string, path: string): Promise<{ files: number; gzip: number; decoded: number }> {
  const context = await stack.browser.newContext({ baseURL: stack.webUrl });
  try {
    await signInThroughApp(await context.newPage(), email, path);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const scripts = new Map<string, { gzip: number; decoded: number }>();
    const measuring: Promise<void>[] = [];
    page.on('requestfinished', (request) => {
      if (request.resourceType() !== 'script' || !request.url().startsWith(stack.webUrl)) return;
      measuring.push((async () => {
        const body = await (await request.response())?.body() ?? Buffer.alloc(0);
        // The silent sign-in frame loads main.js again: a file counts once. Its gzip size is what the gateway's
        // compression (zlib, level 6) sends for it.
        scripts.set(request.url(), { gzip: gzipSync(body, { level: 6 }).length, decoded: body.length });
      })());
    });
    await page.goto(path);
    await page.locator('tr.entry-row').first().waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    await Promise.all(measuring);
    const all = [...scripts.values()];
    return { files: all.length, gzip: sum(all.map((s) => s.gzip)), decoded: sum(all.map((s) => s.decoded)) };
  } finally {
    await context.close();
  }
}

interface Timings {
  readonly ui: number[];
  readonly api: number[];
}

/**
 * In one signed-in, warm page: from the click on the Entries link (on the new-entry form) to the frame after the
 * first row is in the document; and, alternating with it, the entries call the list makes, fetched alone.
 */
async function firstRow(stack: WebStack, email: string, tenant: string, token: string, samples: number): Promise<Timings> {
  const context = await stack.browser.newContext({ baseURL: stack.webUrl });
  try {
    const page = await context.newPage();
    await signInThroughApp(page, email, `/t/${tenant}/entries`);
    await page.locator('tr.entry-row').first().waitFor();
    const timings: Timings = { ui: [], api: [] };
    // One untimed round of each first: the exchange cache, the lazy chunks and the pool are warm after it.
    for (let round = -1; round < samples; round += 1) {
      const ui = await navigationToFirstRow(page, tenant);
      const api = await apiAlone(page, tenant, token);
      if (round < 0) continue;
      timings.ui.push(ui);
      timings.api.push(api);
    }
    return timings;
  } finally {
    await context.close();
  }
}

async function navigationToFirstRow(page: Page, tenant: string): Promise<number> {
  // Inside the app, as a person moves: to the new-entry form, then back to the list by the Entries link.
  await page.locator('main').getByRole('link', { name: 'New entry' }).first().click();
  await page.getByLabel('Title').waitFor();
  // A string: a function would carry the compiler's helpers into the page.
  return page.evaluate<number>(`new Promise((resolve) => {
    const start = performance.now();
    const painted = () => requestAnimationFrame(() => resolve(performance.now() - start));
    const observer = new MutationObserver(() => {
      if (document.querySelector('tr.entry-row') === null) return;
      observer.disconnect();
      painted();
    });
    observer.observe(document.body, { childList: true, subtree: true });
    document.querySelector('nav a[href="/t/${tenant}/entries"]').click();
  })`);
}

async function apiAlone(page: Page, tenant: string, token: string): Promise<number> {
  return page.evaluate<number>(`(async () => {
    const start = performance.now();
    const response = await fetch('/api/entries?limit=20&sort=-created_at', { headers: { authorization: 'Bearer ${token}', 'x-tenant-id': '${tenant}' } });
    await response.json();
    return performance.now() - start;
  })()`);
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function kB(bytes: number): number {
  return Math.round(bytes / 100) / 10;
}
