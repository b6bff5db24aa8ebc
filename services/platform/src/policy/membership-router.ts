// HTTP operations on a tenant's memberships: for platform admins and the tenant's members:manage holders.
import type { Router } from 'express';
import { actorOf } from '../auth/authentication.js';
import { createApiRouter, type ApiRouterOptions } from '../http/api-operations.js';
import type { MembershipRecord } from './membership-repository.js';
import type { MembershipService } from './membership-service.js';
import { changeMembershipBody, createMembershipBody, listOf, membershipParams, membershipSchema, tenantParams } from './policy-schemas.js';

export interface MembershipRouterOptions {
  readonly http: ApiRouterOptions;
  readonly memberships: MembershipService;
}

const tag = 'memberships';

export function createMembershipRouter({ http, memberships }: MembershipRouterOptions): Router {
  const api = createApiRouter(http);

  api.add({
    operationId: 'listMemberships', method: 'get', path: '/v1/policy/tenants/:tenant/memberships', tag, access: 'tenant-members-manager',
    summary: 'The tenant\'s memberships, pending ones included',
    params: tenantParams,
    success: { status: 200, description: 'The memberships', schema: listOf(membershipSchema) },
    problems: [],
  }, async ({ params }) => ({ items: (await memberships.list(params.tenant)).map(toMembership) }));

  api.add({
    operationId: 'addMembership', method: 'post', path: '/v1/policy/tenants/:tenant/memberships', tag, access: 'tenant-members-manager',
    summary: 'Give a user a role in the tenant, by subject or by e-mail (pending until they sign in)',
    params: tenantParams,
    body: createMembershipBody,
    success: { status: 201, description: 'The membership', schema: membershipSchema },
    problems: [404, 409, 422],
  }, async ({ params, body, caller }) => toMembership(await memberships.add(actorOf(caller), params.tenant, body)));

  api.add({
    operationId: 'changeMembershipRole', method: 'patch', path: '/v1/policy/tenants/:tenant/memberships/:id', tag, access: 'tenant-members-manager',
    summary: 'Give a member another role (memberships from spec.admins are changed on the Tenant instead)',
    params: membershipParams,
    body: changeMembershipBody,
    success: { status: 200, description: 'The membership with its new role', schema: membershipSchema },
    problems: [404, 409, 422],
  }, async ({ params, body, caller }) => toMembership(await memberships.changeRole(actorOf(caller), params.tenant, params.id, body.role)));

  api.add({
    operationId: 'removeMembership', method: 'delete', path: '/v1/policy/tenants/:tenant/memberships/:id', tag, access: 'tenant-members-manager',
    summary: 'Take a role away (memberships from spec.admins are changed on the Tenant instead)',
    params: membershipParams,
    success: { status: 204, description: 'Removed' },
    problems: [404, 409],
  }, async ({ params, caller }) => {
    await memberships.remove(actorOf(caller), params.tenant, params.id);
  });

  return api.router;
}

function toMembership(record: MembershipRecord) {
  return {
    id: record.id,
    tenant: record.tenant,
    role: record.role,
    user: record.userId,
    email: record.email,
    pending: record.userId === null,
    source: record.source,
    createdAt: record.createdAt.toISOString(),
  };
}
