// The backend's operations: the runtime's declare-once router, where an operation's access requirement is
// the permission the caller's internal token must carry (entries:read, entries:write).
import {
  createApiCatalog as createCatalog, createApiRouter as createRouter, type ApiCatalog as Catalog, type ApiRouter as Router,
} from '@tenantry/runtime';
import { callerOf } from '../auth/caller.js';
import type { InternalPrincipal } from '../auth/internal-token-verifier.js';
import { BackendError } from '../backend-error.js';

/** A permission an internal token must carry. */
export type Permission = string;
export type ApiCatalog = Catalog<Permission>;
export type ApiRouter = Router<Permission, InternalPrincipal>;

export function createApiCatalog(): ApiCatalog {
  return createCatalog<Permission>();
}

export function createApiRouter(catalog: ApiCatalog): ApiRouter {
  return createRouter<Permission, InternalPrincipal>({
    catalog,
    authorize: (req, permission) => {
      const caller = callerOf(req);
      if (!caller.permissions.includes(permission)) {
        throw new BackendError('forbidden', 'PERMISSION_DENIED', `the permission ${permission} is required`);
      }
      return caller;
    },
  });
}
