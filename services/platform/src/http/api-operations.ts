// The platform's operations: the runtime's declare-once router with the platform's access levels. Each
// operation declares who may call it; this module is the one place that enforces the level (the Authenticator
// proves the caller, AccessControl holds the rules) and the OpenAPI document states it from the same declaration.
import type { Request } from 'express';
import { z } from 'zod';
import {
  createApiCatalog as createCatalog, createApiRouter as createRouter,
  type ApiCatalog as Catalog, type ApiRouter as Router, type DocumentedOperation as Documented,
} from '@tenantry/runtime';
import { membersManagePermission, type AccessControl } from '../auth/access-control.js';
import type { Authenticator, Caller, Security } from '../auth/authentication.js';

/**
 * Who may call an operation served by the router:
 * - `user`, `service`, `user-or-service`: any caller of that kind (the operation may refuse by a rule on its input);
 * - `platform-admin`: users in the platform admin group;
 * - `tenant-members-manager`: platform admins, or users holding members:manage in the path's `:tenant`.
 */
export type Access = Security | 'platform-admin' | 'tenant-members-manager';
/** Who may call, as documented: the router's levels, an OAuth client by HTTP Basic, or anyone. */
export type DocumentedAccess = Access | 'client' | 'none';
export type DocumentedOperation = Documented<DocumentedAccess>;
export type ApiCatalog = Catalog<DocumentedAccess>;
export type ApiRouter = Router<Access, Caller>;

export function createApiCatalog(): ApiCatalog {
  return createCatalog<DocumentedAccess>();
}

export interface ApiRouterOptions {
  readonly authenticator: Authenticator;
  readonly accessControl: Pick<AccessControl, 'requirePlatformAdmin' | 'requireTenantPermission'>;
  readonly catalog: ApiCatalog;
}

export function createApiRouter(options: ApiRouterOptions): ApiRouter {
  const api = createRouter<Access, Caller>({
    catalog: options.catalog as Catalog<Access>,
    authorize: (req, access) => authorizeCaller(options, req, access),
  });
  return {
    router: api.router,
    add(spec, handler) {
      if (spec.access !== 'tenant-members-manager') {
        api.add(spec, handler);
        return;
      }
      if (!(spec.params instanceof z.ZodObject && 'tenant' in spec.params.shape)) {
        throw new Error(`${spec.operationId} declares tenant-members-manager access but no :tenant path parameter`);
      }
      // The tenant comes from the validated path: the rule is checked after validation, before the handler.
      api.add(spec, async (input) => {
        const { tenant } = input.params as { tenant: string };
        await options.accessControl.requireTenantPermission(input.caller, tenant, membersManagePermission);
        return handler(input);
      });
    },
  };
}

/**
 * 401 unless the request proves a caller the level accepts; 403 for a platform-admin operation called by
 * anyone else, before the input is looked at. For operations served by hand (a stream) as by the router.
 */
export async function authorizeCaller({ authenticator, accessControl }: ApiRouterOptions, req: Request, access: Access): Promise<Caller> {
  const caller = await authenticator.authenticate(req.get('authorization'), access === 'platform-admin' || access === 'tenant-members-manager' ? 'user' : access);
  if (access === 'platform-admin') accessControl.requirePlatformAdmin(caller);
  return caller;
}
