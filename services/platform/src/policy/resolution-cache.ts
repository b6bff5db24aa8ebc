// In-memory cache of permission resolutions per (user, tenant), with each one's serialised HTTP answer once asked
// for, invalidated as a whole by a version bump.
export interface Resolution {
  readonly user: string;
  readonly tenant: string;
  readonly roles: readonly string[];
  readonly permissions: readonly string[];
  /** For each permission, the user's roles granting it (sorted): what a check explains itself with. */
  readonly grantedBy: Readonly<Record<string, readonly string[]>>;
}

export interface ResolutionCacheOptions {
  /** Oldest entries go first beyond this size. */
  readonly maxEntries?: number;
  /** A safety net for changes made behind the service's back (SQL by hand); writes through it invalidate at once. */
  readonly maxAgeMs?: number;
  readonly now?: () => number;
}

export interface ResolutionCache {
  get(user: string, tenant: string): Resolution | undefined;
  /**
   * The cached resolution's response body, serialised by `serialize` the first time it is asked for and kept with
   * the entry, so it goes wherever the entry goes (invalidation, expiry, eviction); undefined when not cached.
   */
  response(user: string, tenant: string, serialize: (resolution: Resolution) => string): string | undefined;
  /** The version a lookup starts from; pass it to `set` so a result read before a change is never stored after it. */
  version(): number;
  set(resolution: Resolution, readAtVersion: number): void;
  /** Drops everything and moves the version on: every resolution in flight becomes unstorable. */
  invalidate(): void;
  /**
   * Off while changes made by other replicas could be missed (their notifications are not reaching us):
   * every lookup then goes to the database.
   */
  setEnabled(enabled: boolean): void;
  size(): number;
}

interface Entry {
  readonly resolution: Resolution;
  readonly storedAt: number;
  body?: string;
}

// NUL cannot occur in an OIDC subject or a tenant name, so the key is unambiguous.
const keyOf = (user: string, tenant: string) => `${tenant}\u0000${user}`;

export function createResolutionCache({ maxEntries = 10_000, maxAgeMs = 60_000, now = Date.now }: ResolutionCacheOptions = {}): ResolutionCache {
  const entries = new Map<string, Entry>();
  let currentVersion = 0;
  let enabled = true;
  const live = (user: string, tenant: string): Entry | undefined => {
    if (!enabled) return undefined;
    const key = keyOf(user, tenant);
    const entry = entries.get(key);
    if (entry === undefined) return undefined;
    if (now() - entry.storedAt > maxAgeMs) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  return {
    get: (user, tenant) => live(user, tenant)?.resolution,
    response(user, tenant, serialize) {
      const entry = live(user, tenant);
      if (entry === undefined) return undefined;
      entry.body ??= serialize(entry.resolution);
      return entry.body;
    },
    version: () => currentVersion,
    set(resolution, readAtVersion) {
      if (!enabled || readAtVersion !== currentVersion) return;
      const key = keyOf(resolution.user, resolution.tenant);
      entries.delete(key);
      entries.set(key, { resolution, storedAt: now() });
      if (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done !== true) entries.delete(oldest.value);
      }
    },
    invalidate() {
      currentVersion += 1;
      entries.clear();
    },
    setEnabled(value) {
      enabled = value;
      currentVersion += 1;
      entries.clear();
    },
    size: () => entries.size,
  };
}
