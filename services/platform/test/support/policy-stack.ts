// The policy engine wired in-process as main.ts wires it (pool, cache, changes, services, change feed), for tests.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { defaultMigrationsDir } from '../../src/config.js';
import { createMembershipService, type MembershipService } from '../../src/policy/membership-service.js';
import { createPolicyChangeFeed, type PolicyChangeFeed } from '../../src/policy/policy-change-feed.js';
import { createPolicyChanges } from '../../src/policy/policy-changes.js';
import { createPolicyService, type PolicyService } from '../../src/policy/policy-service.js';
import { createResolutionCache, type ResolutionCache } from '../../src/policy/resolution-cache.js';
import { quietLogger } from '@tenantry/harness';
import { migrateMasterDatabase } from '../../src/database/master-database.js';

export interface PolicyStack {
  readonly origin: string;
  readonly pool: pg.Pool;
  readonly cache: ResolutionCache;
  readonly policy: PolicyService;
  readonly memberships: MembershipService;
  readonly feed: PolicyChangeFeed | undefined;
  close(): Promise<void>;
}

export interface PolicyStackOptions {
  /** Listen for other replicas' changes (LISTEN/NOTIFY), as every replica does in production. */
  readonly feed?: boolean;
  readonly tenantExists?: (tenant: string) => Promise<boolean>;
}

export async function migrate(databaseUrl: string): Promise<string[]> {
  return migrateMasterDatabase({ databaseUrl, dir: defaultMigrationsDir, logger: quietLogger() });
}

export async function createPolicyStack(databaseUrl: string, options: PolicyStackOptions = {}): Promise<PolicyStack> {
  const logger = quietLogger();
  const origin = `test-${randomBytes(3).toString('hex')}`;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  const cache = createResolutionCache();
  const changes = createPolicyChanges({ pool, cache, origin });
  const feed = options.feed === true ? createPolicyChangeFeed({ databaseUrl, cache, origin, logger }) : undefined;
  await feed?.start();
  return {
    origin,
    pool,
    cache,
    policy: createPolicyService({ pool, changes, cache, adminGroup: 'platform-admins' }),
    memberships: createMembershipService({ pool, changes, logger, tenantExists: options.tenantExists ?? (() => Promise.resolve(true)) }),
    feed,
    async close() {
      await feed?.stop();
      await pool.end();
    },
  };
}
