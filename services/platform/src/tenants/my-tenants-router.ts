// GET /v1/me/tenants: the signed-in user's own tenants — where a browser app starts. An ID token sent along binds
// the memberships waiting for the user's verified e-mail (spec.admins, invitations) first.
import type { Router } from 'express';
import { IssuerUnavailableError, TokenRejectedError, badRequest, serviceUnavailable, type ExternalTokenVerifier } from '@tenantry/runtime';
import type { AccessControl } from '../auth/access-control.js';
import { createApiRouter, type ApiRouterOptions } from '../http/api-operations.js';
import type { MembershipService } from '../policy/membership-service.js';
import type { PolicyService } from '../policy/policy-service.js';
import type { TenantRegistry } from './tenant-registry.js';
import { myTenantsSchema, type MyTenants } from './tenant-schemas.js';
import { toTenantSummary } from './tenant-view.js';

export interface MyTenantsRouterOptions {
  readonly http: ApiRouterOptions;
  readonly verifier: Pick<ExternalTokenVerifier, 'verifyIdToken'>;
  readonly memberships: Pick<MembershipService, 'recordUser' | 'ofUser'>;
  readonly policy: Pick<PolicyService, 'resolve'>;
  readonly tenants: Pick<TenantRegistry, 'list'>;
  readonly access: AccessControl;
}

export const ID_TOKEN_HEADER = 'x-id-token';

export function createMyTenantsRouter({ http, verifier, memberships, policy, tenants, access }: MyTenantsRouterOptions): Router {
  const api = createApiRouter(http);
  api.add({
    operationId: 'listMyTenants', method: 'get', path: '/v1/me/tenants', tag: 'me', access: 'user',
    summary: 'The caller\'s tenants with their roles and permissions there, and whether the caller is a platform admin',
    headers: [{
      name: 'X-Id-Token', required: false,
      description: 'The caller\'s OIDC ID token (same issuer, client and subject): its verified e-mail binds memberships given by e-mail',
    }],
    success: { status: 200, description: 'The caller and their tenants', schema: myTenantsSchema },
    problems: [503],
  }, async ({ caller, req }): Promise<MyTenants> => {
    if (caller.kind !== 'user') throw new Error('listMyTenants admits users only');
    const { principal } = caller;
    const idToken = req.get(ID_TOKEN_HEADER)?.trim();
    let email = principal.emailVerified ? principal.email : undefined;
    if (idToken !== undefined && idToken !== '') {
      const identity = await verifiedIdToken(() => verifier.verifyIdToken(idToken, { subject: principal.subject, clientId: principal.clientId }));
      await memberships.recordUser({ userId: principal.subject, emailVerified: identity.emailVerified, ...(identity.email === undefined ? {} : { email: identity.email }) });
      if (identity.emailVerified) email = identity.email;
    }
    // From the watch: a tenant whose resource is gone is no longer the user's, whatever a row still says.
    const known = new Map(tenants.list().map((tenant) => [tenant.metadata.name, toTenantSummary(tenant)]));
    const names = [...new Set((await memberships.ofUser(principal.subject)).map((membership) => membership.tenant))].filter((name) => known.has(name));
    const items = await Promise.all(names.sort().map(async (name) => {
      const tenant = known.get(name)!;
      const { roles, permissions } = await policy.resolve(principal.subject, name);
      return { name, displayName: tenant.displayName, phase: tenant.phase, suspended: tenant.suspended, roles: [...roles], permissions: [...permissions] };
    }));
    return {
      user: { subject: principal.subject, ...(email === undefined ? {} : { email }), platformAdmin: access.isPlatformAdmin(caller) },
      items: items.filter((item) => item.roles.length > 0),
    };
  });
  return api.router;
}

/** A refused ID token is a bad header (400: the access token itself was fine); an unreachable issuer is a retry later. */
async function verifiedIdToken<T>(verify: () => Promise<T>): Promise<T> {
  try {
    return await verify();
  } catch (error) {
    if (error instanceof TokenRejectedError) {
      throw badRequest(`The ID token in X-Id-Token was refused: ${error.message}.`, [{ field: 'X-Id-Token', message: error.message }], { code: 'INVALID_ID_TOKEN' });
    }
    if (error instanceof IssuerUnavailableError) throw serviceUnavailable('The identity provider cannot be reached to verify the ID token.', 5, { cause: error });
    throw error;
  }
}
