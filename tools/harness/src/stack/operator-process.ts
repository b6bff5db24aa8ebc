// Runs the real operator as its own process against the harness, and registers the DatabaseServer every
// operator test places its tenants on.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { installCrds } from '../crds.js';
import { registerDatabaseServer } from '../database-server.js';
import type { Environment } from '../environment.js';
import { startNodeService, type NodeService } from '../node-service.js';
import { repositoryRoot } from '../tool-paths.js';

export const operatorNamespace = 'tenantry-system';
export const harnessServer = 'harness';
export const defaultMigrationsDir = join(repositoryRoot, 'migrations', 'tenant');

export type OperatorProcess = NodeService;

export interface OperatorOptions {
  readonly migrationsDir?: string;
  readonly failpoints?: readonly string[];
  readonly identity?: string;
  readonly leaseDuration?: string;
  /** More environment for the process, e.g. OTEL_* settings; wins over the defaults above. */
  readonly env?: Readonly<Record<string, string>>;
}

/** The real operator as its own process, with short lease and retry timings so tests stay fast. */
export async function startOperator(env: Environment, options: OperatorOptions = {}): Promise<OperatorProcess> {
  const identity = options.identity ?? `operator-${randomBytes(3).toString('hex')}`;
  return startNodeService({
    name: `operator-${identity}`,
    entry: 'operator/src/main.ts',
    logDir: env.dir,
    portVariable: 'OPERATOR_HTTP_PORT',
    env: {
      KUBECONFIG: env.kubeconfigFile,
      OPERATOR_NAMESPACE: operatorNamespace,
      OPERATOR_HTTP_HOST: '127.0.0.1',
      OPERATOR_IDENTITY: identity,
      OPERATOR_LEASE_DURATION: options.leaseDuration ?? '3s',
      OPERATOR_RENEW_DEADLINE: '2s',
      OPERATOR_RETRY_PERIOD: '250ms',
      OPERATOR_RETRY_BASE: '100ms',
      OPERATOR_RETRY_MAX: '2s',
      // The suites name a missing DatabaseServer to make a tenant Stalled: no wait for one to appear first.
      OPERATOR_MISSING_SERVER_GRACE: '0s',
      TENANT_MIGRATIONS_DIR: options.migrationsDir ?? defaultMigrationsDir,
      TENANTRY_FAILPOINTS: (options.failpoints ?? []).join(','),
      LOG_LEVEL: 'debug',
      ...options.env,
    },
  });
}

/** Installs the CRDs and registers the harness PostgreSQL as the DatabaseServer `harness`. */
export async function ensureDatabaseServer(env: Environment): Promise<void> {
  await installCrds(env);
  await registerDatabaseServer(env, { name: harnessServer, namespace: operatorNamespace });
}
