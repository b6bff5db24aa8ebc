// The platform's operations: the runtime's declare-once router with the platform's callers — a user's
// external token or a service credential, checked by the Authenticator — plus the documented-only
// protocol endpoints (an OAuth client by HTTP Basic, or anyone).
import {
  createApiCatalog as createCatalog, createApiRouter as createRouter,
  type ApiCatalog as Catalog, type ApiRouter as Router, type DocumentedOperation as Documented,
} from '@tenantry/runtime';
import type { Authenticator, Caller, Security } from '../auth/authentication.js';

/** Who may call, as documented: the Authenticator's callers, an OAuth client by HTTP Basic, or anyone. */
export type DocumentedSecurity = Security | 'client' | 'none';
export type DocumentedOperation = Documented<DocumentedSecurity>;
export type ApiCatalog = Catalog<DocumentedSecurity>;
export type ApiRouter = Router<Security, Caller>;

export function createApiCatalog(): ApiCatalog {
  return createCatalog<DocumentedSecurity>();
}

export interface ApiRouterOptions {
  readonly authenticator: Authenticator;
  readonly catalog: ApiCatalog;
}

export function createApiRouter({ authenticator, catalog }: ApiRouterOptions): ApiRouter {
  return createRouter<Security, Caller>({
    catalog: catalog as Catalog<Security>,
    authorize: (req, security) => authenticator.authenticate(req.get('authorization'), security),
  });
}
