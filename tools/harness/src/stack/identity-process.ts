// Runs the identity provider from source as a real child process (the harness's startNodeService) for a suite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_CLIENT_SECRETS, demoUsers } from '@tenantry/identity';
import { registerKnownSecrets } from '../log-secret-scan.js';
import { startNodeService, type NodeService } from '../node-service.js';

export interface IdentityProcessOptions {
  /** Extra environment, e.g. { IDENTITY_ACCESS_TOKEN_TTL: '2s' }. */
  readonly env?: Record<string, string>;
}

/**
 * Registers the suite's hooks: start the provider on a free loopback port before its tests (the issuer is
 * then its URL), stop it after them. Its log is deleted when every test passed, and kept (its path
 * printed) otherwise. Returns a getter for the running service.
 */
export function useIdentityProcess({ env = {} }: IdentityProcessOptions = {}): () => NodeService {
  let service: NodeService | undefined;
  let logDir: string | undefined;
  let failed = false;

  before(async function () {
    logDir = mkdtempSync(join(tmpdir(), 'tenantry-identity-'));
    registerKnownSecrets([...demoUsers.map((user) => user.password), ...Object.values(DEV_CLIENT_SECRETS)]);
    service = await startNodeService({
      name: 'identity',
      entry: 'services/identity/src/main.ts',
      logDir,
      portVariable: 'IDENTITY_PORT',
      env: { LOG_LEVEL: 'debug', ...env },
    });
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') failed = true;
  });

  after(async function () {
    await service?.stop();
    if (logDir === undefined) return;
    if (failed) process.stderr.write(`identity log kept for the failed tests: ${join(logDir, 'identity.log')}\n`);
    else rmSync(logDir, { recursive: true, force: true });
  });

  return () => {
    if (service === undefined) throw new Error('the identity process is not running (did its before hook fail?)');
    return service;
  };
}
