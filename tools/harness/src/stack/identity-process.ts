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

/** The identity provider as a running process, with its log folder (kept when asked to). */
export interface IdentityProcess {
  readonly service: NodeService;
  /** Stops it; deletes its log unless `keepLog`, printing where it is otherwise. */
  stop(keepLog: boolean): Promise<void>;
}

/** Starts the provider on a free loopback port (the issuer is then its URL). */
export async function startIdentityProcess({ env = {} }: IdentityProcessOptions = {}): Promise<IdentityProcess> {
  const logDir = mkdtempSync(join(tmpdir(), 'tenantry-identity-'));
  registerKnownSecrets([...demoUsers.map((user) => user.password), ...Object.values(DEV_CLIENT_SECRETS)]);
  const service = await startNodeService({
    name: 'identity',
    entry: 'services/identity/src/main.ts',
    logDir,
    portVariable: 'IDENTITY_PORT',
    env: { LOG_LEVEL: 'debug', ...env },
  });
  return {
    service,
    async stop(keepLog) {
      await service.stop();
      if (keepLog) process.stderr.write(`identity log kept for the failed tests: ${join(logDir, 'identity.log')}\n`);
      else rmSync(logDir, { recursive: true, force: true });
    },
  };
}

/**
 * Registers the suite's hooks: start the provider before its tests, stop it after them. Its log is deleted when
 * every test passed, and kept (its path printed) otherwise. Returns a getter for the running service.
 */
export function useIdentityProcess(options: IdentityProcessOptions = {}): () => NodeService {
  let identity: IdentityProcess | undefined;
  let failed = false;

  before(async function () {
    identity = await startIdentityProcess(options);
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') failed = true;
  });

  after(async function () {
    await identity?.stop(failed);
  });

  return () => {
    if (identity === undefined) throw new Error('the identity process is not running (did its before hook fail?)');
    return identity.service;
  };
}
