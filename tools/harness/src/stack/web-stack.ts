// The whole platform behind a gateway that serves the web build, for the browser tests: one per test run, started by
// the first suite that asks and stopped at the end of the run, with one headless Chromium beside it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { WEB_CLIENT_ID } from '@tenantry/identity';
import { launchChromium } from '../browser.js';
import { freePort } from '../free-port.js';
import type { Environment } from '../environment.js';
import type { NodeService } from '../node-service.js';
import { repositoryRoot } from '../tool-paths.js';
import { startPlatformStack, type PlatformStack, type RunningPlatformStack } from './platform-stack.js';

/** Where `make web` puts the build the gateway serves. */
export const webBuildDir = join(repositoryRoot, 'web', 'dist', 'browser');

export interface WebStack extends PlatformStack {
  readonly backend: NodeService;
  /** Serves the web build, the API and the platform API on one origin. */
  readonly gateway: NodeService;
  /** The web app's origin, e.g. http://127.0.0.1:41234. */
  readonly webUrl: string;
  readonly browser: Browser;
}

export interface RunningWebStack {
  readonly stack: WebStack;
  stop(): Promise<void>;
}

let shared: Promise<RunningWebStack> | undefined;

export function sharedWebStack(): Promise<WebStack> {
  shared ??= startWebStack();
  return shared.then(({ stack }) => stack);
}

export async function stopSharedWebStack(): Promise<void> {
  if (shared === undefined) return;
  const started = await shared.catch(() => undefined);
  shared = undefined;
  await started?.stop();
}

/** The web stack on its own (the tests share one through sharedWebStack; `make bench` starts its own). */
export async function startWebStack(options: { readonly environment?: Environment } = {}): Promise<RunningWebStack> {
  if (!existsSync(join(webBuildDir, 'index.html'))) {
    throw new Error(`no web build in ${webBuildDir}: build it with \`make web\` (make test does)`);
  }
  // The gateway's origin must be a redirect URI of the web client before the identity provider starts.
  const port = await freePort();
  const webUrl = `http://127.0.0.1:${port}`;
  const running: RunningPlatformStack = await startPlatformStack({
    identityEnv: { IDENTITY_WEB_REDIRECT_URIS: `${webUrl}/auth/callback` },
    clientIds: [WEB_CLIENT_ID],
    ...(options.environment === undefined ? {} : { environment: options.environment }),
  });
  try {
    const backend = await running.stack.startBackend();
    const gateway = await running.stack.startGateway(backend, { GATEWAY_WEB_ROOT: webBuildDir, LOG_LEVEL: 'debug' }, { port });
    const browser = await launchChromium();
    return {
      stack: { ...running.stack, backend, gateway, webUrl, browser },
      async stop() {
        await browser.close();
        await running.stop();
      },
    };
  } catch (error) {
    await running.stop(true);
    throw error;
  }
}
