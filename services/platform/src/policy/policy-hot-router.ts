// The hot path of resolvePermissions, mounted before every other route: a resolution the cache holds is answered
// with its serialised body (checked against the response schema once, when the body was made). Anything else —
// invalid input, a miss — falls through to the declared operation in policy-router, which answers and documents it.
import { Router } from 'express';
import type { AccessControl } from '../auth/access-control.js';
import { authorizeCaller, type ApiRouterOptions } from '../http/api-operations.js';
import { resolutionSchema, resolveQuery } from './policy-schemas.js';
import type { PolicyService } from './policy-service.js';
import type { Resolution } from './resolution-cache.js';

export interface HotPolicyRouterOptions {
  readonly http: ApiRouterOptions;
  readonly policy: PolicyService;
  readonly access: Pick<AccessControl, 'requireResolveAccess'>;
}

export const resolvePath = '/v1/policy/resolve';

/** The body the declared operation would send: the documented shape only (grantedBy stays internal). */
export const serializeResolution = (resolution: Resolution): string => JSON.stringify(resolutionSchema.parse(resolution));

export function createHotPolicyRouter({ http, policy, access }: HotPolicyRouterOptions): Router {
  const router = Router();
  router.get(resolvePath, async (req, res, next) => {
    const query = resolveQuery.safeParse(req.query);
    // A miss is told apart before anything costly, so it pays for its authentication once, in the declared operation.
    if (!query.success || !policy.isCached(query.data.user, query.data.tenant)) {
      next();
      return;
    }
    const { user, tenant } = query.data;
    const caller = await authorizeCaller(http, req, 'user-or-service');
    await access.requireResolveAccess(caller, user, tenant);
    // Looked up again after the awaits: a change committed meanwhile has emptied the cache, and the body goes with it.
    const body = policy.cachedResponse(user, tenant, serializeResolution);
    if (body === undefined) {
      next();
      return;
    }
    // A string body goes out in one write with the head (a Buffer would be a writev of two).
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  return router;
}
