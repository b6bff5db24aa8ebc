// Asks the platform where a tenant's storage is and how to log in, and caches the answer (TTL, one request per tenant
// at a time; past the TTL the answer serves one more TTL while a fresh one is fetched behind it).
import { datasourceSchema, type Datasource } from '@tenantry/runtime';
import { BackendError } from '../backend-error.js';

export interface DatasourceClient {
  /** The tenant's connection details, from the cache while fresh. Throws BackendError for refusals. */
  get(tenant: string): Promise<Datasource>;

  /** Forgets the tenant's cached details (credentials rotated, tenant suspended). */
  invalidate(tenant: string): void;
}

export interface DatasourceClientOptions {
  readonly platformUrl: string;
  readonly serviceToken: string;
  readonly ttlMs: number;
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

interface CacheEntry {
  readonly datasource: Datasource;
  readonly expiresAt: number;
}

export function createDatasourceClient(options: DatasourceClientOptions): DatasourceClient {
  const { ttlMs, now = Date.now } = options;
  const cache = new Map<string, CacheEntry>();
  const inFlight = new Map<string, Promise<Datasource>>();
  // Bumped by invalidate: an answer requested before an invalidation is never stored after it.
  const generations = new Map<string, number>();

  const fetchFresh = async (tenant: string): Promise<Datasource> => {
    const generation = generations.get(tenant) ?? 0;
    const datasource = await requestDatasource(options, tenant);
    if ((generations.get(tenant) ?? 0) === generation && ttlMs > 0) cache.set(tenant, { datasource, expiresAt: now() + ttlMs });
    return datasource;
  };

  const invalidate = (tenant: string) => {
    cache.delete(tenant);
    inFlight.delete(tenant);
    generations.set(tenant, (generations.get(tenant) ?? 0) + 1);
  };

  const fetchOnce = (tenant: string): Promise<Datasource> => {
    let pending = inFlight.get(tenant);
    if (pending === undefined) {
      pending = fetchFresh(tenant).finally(() => inFlight.delete(tenant));
      inFlight.set(tenant, pending);
    }
    return pending;
  };

  return {
    get(tenant) {
      const cached = cache.get(tenant);
      const at = now();
      if (cached !== undefined && cached.expiresAt > at) return Promise.resolve(cached.datasource);
      // Stale, not yet twice the TTL: serve it and refresh behind it. Nothing is lost by it: PostgreSQL itself refuses
      // a revoked role or a rotated password, and such a refusal drops the entry and asks the platform at once.
      if (cached !== undefined && cached.expiresAt + ttlMs > at) {
        fetchOnce(tenant).catch((error: unknown) => {
          // The platform refusing the tenant now (suspended, gone) ends the stale answer too.
          if (error instanceof BackendError && error.kind !== 'unavailable') invalidate(tenant);
        });
        return Promise.resolve(cached.datasource);
      }
      cache.delete(tenant);
      return fetchOnce(tenant);
    },
    invalidate,
  };
}

async function requestDatasource({ platformUrl, serviceToken, timeoutMs = 5_000 }: DatasourceClientOptions, tenant: string): Promise<Datasource> {
  const url = new URL(`/internal/v1/tenants/${encodeURIComponent(tenant)}/datasource`, platformUrl);
  let response: Response;
  try {
    response = await fetch(url, { headers: { authorization: `Bearer ${serviceToken}` }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new BackendError('unavailable', 'PLATFORM_UNAVAILABLE', 'the platform cannot be reached for the tenant\'s storage', { retryAfterSeconds: 5, cause: error });
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) {
    const parsed = datasourceSchema.safeParse(body);
    if (parsed.success) return parsed.data;
    throw new BackendError('unavailable', 'PLATFORM_ANSWER_INVALID', 'the platform answered connection details of an unexpected shape', { retryAfterSeconds: 5 });
  }
  throw refusal(tenant, response, body);
}

/** The platform's refusal as the caller should see it: its detail, its Retry-After. */
function refusal(tenant: string, response: Response, body: unknown): BackendError {
  const detail = typeof (body as { detail?: unknown } | undefined)?.detail === 'string' ? (body as { detail: string }).detail : undefined;
  const retryAfter = Number(response.headers.get('retry-after'));
  switch (response.status) {
    case 404:
      return new BackendError('not-found', 'TENANT_NOT_FOUND', detail ?? `tenant ${tenant} does not exist`);
    case 409:
      // Suspended or being deleted: the token is genuine, but the tenant's data is closed.
      return new BackendError('forbidden', 'TENANT_UNAVAILABLE', detail ?? `tenant ${tenant} is not open`);
    case 503:
      return new BackendError('unavailable', 'TENANT_NOT_READY', detail ?? `tenant ${tenant} is not ready yet`,
        { retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 5 });
    default:
      return new BackendError('unavailable', 'PLATFORM_UNAVAILABLE', `the platform answered ${response.status} for the tenant's storage`,
        { retryAfterSeconds: 5 });
  }
}
