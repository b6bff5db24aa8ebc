// Debian's Chromium driven by playwright-core (never a browser download of its own), for the browser tests and
// the web benchmarks: one headless browser per run, a fresh context per test.
import { chromium, type Browser } from 'playwright-core';

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
