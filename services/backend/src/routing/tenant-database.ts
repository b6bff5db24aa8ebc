// Runs a unit of work on the calling tenant's own storage: the tenant's place under its cap, its datasource from
// the platform, a shared connection to its database, one transaction in its role; and one fresh look at the
// platform when the storage refuses (a rotated password, a revoked membership: a suspended tenant).
import { isPostgresUnavailable, type Datasource, type Logger } from '@tenantry/runtime';
import { BackendError } from '../backend-error.js';
import type { DatasourceClient } from './datasource-client.js';
import type { ConnectTarget, DatabasePools } from './database-pools.js';
import type { TenantAdmission } from './tenant-admission.js';
import { RoleRefusedError, inTransaction, type Queryable, type TransactionScope } from './tenant-transaction.js';

export type { Queryable } from './tenant-transaction.js';

export interface TenantDatabase {
  run<T>(tenant: string, work: (db: Queryable) => Promise<T>): Promise<T>;
}

/**
 * `role`: log in once per server as its authenticator and SET LOCAL ROLE per transaction (connections shared by every
 * tenant of a database). `login`: log in as each tenant's own role (e.g. through a pooler such as PgBouncer in
 * front of the servers, `via`), connections per tenant.
 */
export type RoutingMode =
  | { readonly kind: 'role' }
  | { readonly kind: 'login'; readonly via?: { readonly host: string; readonly port: number } };

export interface TenantDatabaseOptions {
  readonly datasources: DatasourceClient;
  readonly pools: DatabasePools;
  readonly admission: TenantAdmission;
  readonly mode: RoutingMode;
  readonly logger: Logger;
}

// 28P01 invalid_password; 28000 invalid_authorization_specification ("role … is not permitted to log in").
const LOGIN_REFUSED = new Set(['28P01', '28000']);

function isRefused(error: unknown): boolean {
  return error instanceof RoleRefusedError || LOGIN_REFUSED.has((error as { code?: unknown } | undefined)?.code as string);
}

export function createTenantDatabase({ datasources, pools, admission, mode, logger }: TenantDatabaseOptions): TenantDatabase {
  const attempt = async <T>(tenant: string, work: (db: Queryable) => Promise<T>): Promise<T> => {
    const datasource = await datasources.get(tenant);
    const { target, scope } = routeOf(datasource, mode);
    return inTransaction(await pools.acquire(target, tenant), scope, work);
  };

  const routed = async <T>(tenant: string, work: (db: Queryable) => Promise<T>): Promise<T> => {
    try {
      return await unavailableAsRetry(() => attempt(tenant, work));
    } catch (error) {
      if (!isRefused(error)) throw error;
      // Nothing of `work` ran. A suspended tenant's platform answer is the 403 the caller gets; new credentials
      // or a new grant make the second attempt work.
      logger.warn('tenant storage refused the backend; refetching its datasource', { tenant, code: (error as { code: string }).code });
      datasources.invalidate(tenant);
      return unavailableAsRetry(() => attempt(tenant, work)).catch((again: unknown) => {
        if (!isRefused(again)) throw again;
        // The platform's current details are refused too: the operator has not caught up yet.
        throw new BackendError('unavailable', 'TENANT_STORAGE_REFUSED', 'the tenant\'s storage refuses the backend for now', {
          retryAfterSeconds: 5, cause: again,
        });
      });
    }
  };

  return {
    async run(tenant, work) {
      const release = await admission.admit(tenant);
      try {
        return await routed(tenant, work);
      } finally {
        release();
      }
    },
  };
}

function routeOf(datasource: Datasource, mode: RoutingMode): { target: ConnectTarget; scope: TransactionScope } {
  const { host, port, database, sslMode } = datasource;
  if (mode.kind === 'login') {
    return {
      target: { host: mode.via?.host ?? host, port: mode.via?.port ?? port, database, sslMode, user: datasource.username, password: datasource.password },
      // The role's own search_path (its schema) applies at login.
      scope: {},
    };
  }
  return {
    target: { host, port, database, sslMode, user: datasource.authenticator.username, password: datasource.authenticator.password },
    scope: { role: { name: datasource.role, schema: datasource.schema } },
  };
}

/**
 * The tenant's server restarting, down or out of sessions is a 503 with Retry-After, not a 500: the request may
 * well succeed in a moment. A write whose connection broke may or may not have committed; the client learns by reading.
 */
async function unavailableAsRetry<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isPostgresUnavailable(error)) throw error;
    throw new BackendError('unavailable', 'STORAGE_UNAVAILABLE', 'the tenant\'s storage cannot be reached right now', {
      retryAfterSeconds: 2, cause: error,
    });
  }
}
