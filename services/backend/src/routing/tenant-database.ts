// Runs a unit of work on the calling tenant's own storage: datasource from the platform, pool from the LRU,
// and one fresh attempt when the credentials turn out to have been rotated.
import type pg from 'pg';
import { isPostgresUnavailable, type Logger } from '@tenantry/runtime';
import { BackendError } from '../backend-error.js';
import type { DatasourceClient } from './datasource-client.js';
import type { TenantPools } from './tenant-pools.js';

/** What repositories query through: the tenant's pool, whose role has the tenant's schema as search_path. */
export type Queryable = Pick<pg.Pool, 'query'>;

export interface TenantDatabase {
  run<T>(tenant: string, work: (db: Queryable) => Promise<T>): Promise<T>;
}

export interface TenantDatabaseOptions {
  readonly datasources: DatasourceClient;
  readonly pools: TenantPools;
  readonly logger: Logger;
}

// 28P01 invalid_password; 28000 invalid_authorization_specification ("role … is not permitted to log in").
const LOGIN_REFUSED = new Set(['28P01', '28000']);

function isLoginRefused(error: unknown): boolean {
  return LOGIN_REFUSED.has((error as { code?: unknown } | undefined)?.code as string);
}

export function createTenantDatabase({ datasources, pools, logger }: TenantDatabaseOptions): TenantDatabase {
  const attempt = async <T>(tenant: string, work: (db: Queryable) => Promise<T>): Promise<T> =>
    pools.use(await datasources.get(tenant), work);

  return {
    async run(tenant, work) {
      try {
        return await unavailableAsRetry(() => attempt(tenant, work));
      } catch (error) {
        if (!isLoginRefused(error)) throw error;
        // Rotated credentials or a tenant closed meanwhile: forget both and ask the platform once more.
        logger.warn('tenant login refused; refetching its datasource', { tenant, code: (error as { code: string }).code });
        datasources.invalidate(tenant);
        await pools.drop(tenant);
        return unavailableAsRetry(() => attempt(tenant, work)).catch((again: unknown) => {
          if (!isLoginRefused(again)) throw again;
          // The platform's current credentials do not log in either: the operator has not caught up yet.
          throw new BackendError('unavailable', 'TENANT_LOGIN_REFUSED', 'the tenant\'s storage refuses its credentials for now', {
            retryAfterSeconds: 5, cause: again,
          });
        });
      }
    },
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
