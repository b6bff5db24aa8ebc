// HTTP operations of the policy engine: resolve and check, roles, permissions and grants, the audit log.
import type { Router } from 'express';
import { actorOf } from '../auth/authentication.js';
import { resolveAccessRule, type AccessControl } from '../auth/access-control.js';
import { createApiRouter, type ApiRouterOptions } from '../http/api-operations.js';
import {
  auditEntrySchema, auditQuery, checkBody, checkResultSchema, createPermissionBody, createRoleBody, grantParams, listOf,
  permissionParams, permissionSchema, resolutionSchema, resolveQuery, roleParams, roleSchema, updateRoleBody,
} from './policy-schemas.js';
import type { PolicyService } from './policy-service.js';

export interface PolicyRouterOptions {
  readonly http: ApiRouterOptions;
  readonly policy: PolicyService;
  readonly access: AccessControl;
}

const tag = 'policy';
const role = { status: 200, description: 'The role', schema: roleSchema };
const deleted = { status: 204, description: 'Deleted' };

export function createPolicyRouter({ http, policy, access }: PolicyRouterOptions): Router {
  const api = createApiRouter(http);

  api.add({
    operationId: 'resolvePermissions', method: 'get', path: '/v1/policy/resolve', tag, access: 'user-or-service',
    summary: 'The roles and permissions a user holds in a tenant',
    description: resolveAccessRule,
    query: resolveQuery,
    success: { status: 200, description: 'The resolution', schema: resolutionSchema },
    problems: [403],
  }, async ({ query, caller }) => {
    await access.requireResolveAccess(caller, query.user, query.tenant);
    return policy.resolve(query.user, query.tenant);
  });

  api.add({
    operationId: 'checkPermission', method: 'post', path: '/v1/policy/check', tag, access: 'user-or-service',
    summary: 'Whether a user holds a permission in a tenant, and why',
    description: resolveAccessRule,
    body: checkBody,
    success: { status: 200, description: 'The decision and its reason', schema: checkResultSchema },
    problems: [403],
  }, async ({ body, caller }) => {
    await access.requireResolveAccess(caller, body.user, body.tenant);
    return policy.check(body.user, body.tenant, body.permission);
  });

  api.add({
    operationId: 'listRoles', method: 'get', path: '/v1/policy/roles', tag, access: 'user',
    summary: 'Every role with its permissions',
    success: { status: 200, description: 'The roles', schema: listOf(roleSchema) },
    problems: [],
  }, async () => ({ items: await policy.listRoles() }));

  api.add({
    operationId: 'createRole', method: 'post', path: '/v1/policy/roles', tag, access: 'platform-admin',
    summary: 'Create a role',
    body: createRoleBody,
    success: { status: 201, description: 'The role', schema: roleSchema },
    problems: [409, 422],
  }, async ({ body, caller }) => policy.createRole(actorOf(caller), body));

  api.add({
    operationId: 'getRole', method: 'get', path: '/v1/policy/roles/:role', tag, access: 'user',
    summary: 'A role with its permissions',
    params: roleParams, success: role, problems: [404],
  }, async ({ params }) => policy.getRole(params.role));

  api.add({
    operationId: 'updateRole', method: 'patch', path: '/v1/policy/roles/:role', tag, access: 'platform-admin',
    summary: 'Change a role\'s description',
    params: roleParams, body: updateRoleBody, success: role, problems: [404],
  }, async ({ params, body, caller }) => policy.updateRole(actorOf(caller), params.role, body));

  api.add({
    operationId: 'deleteRole', method: 'delete', path: '/v1/policy/roles/:role', tag, access: 'platform-admin',
    summary: 'Delete a role nobody holds (built-in roles stay)',
    params: roleParams, success: deleted, problems: [404, 409],
  }, async ({ params, caller }) => {
    await policy.deleteRole(actorOf(caller), params.role);
  });

  api.add({
    operationId: 'grantPermission', method: 'put', path: '/v1/policy/roles/:role/permissions/:permission', tag, access: 'platform-admin',
    summary: 'Grant a permission to a role (idempotent)',
    params: grantParams, success: role, problems: [404, 422],
  }, async ({ params, caller }) => policy.grant(actorOf(caller), params.role, params.permission));

  api.add({
    operationId: 'revokePermission', method: 'delete', path: '/v1/policy/roles/:role/permissions/:permission', tag, access: 'platform-admin',
    summary: 'Revoke a permission from a role',
    params: grantParams, success: role, problems: [404, 409],
  }, async ({ params, caller }) => policy.revoke(actorOf(caller), params.role, params.permission));

  api.add({
    operationId: 'listPermissions', method: 'get', path: '/v1/policy/permissions', tag, access: 'user',
    summary: 'Every permission and the roles granting it',
    success: { status: 200, description: 'The permissions', schema: listOf(permissionSchema) },
    problems: [],
  }, async () => ({ items: await policy.listPermissions() }));

  api.add({
    operationId: 'createPermission', method: 'post', path: '/v1/policy/permissions', tag, access: 'platform-admin',
    summary: 'Create a permission',
    body: createPermissionBody,
    success: { status: 201, description: 'The permission', schema: permissionSchema },
    problems: [409],
  }, async ({ body, caller }) => policy.createPermission(actorOf(caller), body));

  api.add({
    operationId: 'deletePermission', method: 'delete', path: '/v1/policy/permissions/:permission', tag, access: 'platform-admin',
    summary: 'Delete a permission no role grants',
    params: permissionParams, success: deleted, problems: [404, 409],
  }, async ({ params, caller }) => {
    await policy.deletePermission(actorOf(caller), params.permission);
  });

  api.add({
    operationId: 'listAudit', method: 'get', path: '/v1/policy/audit', tag, access: 'platform-admin',
    summary: 'Policy changes, newest first',
    query: auditQuery,
    success: { status: 200, description: 'Audit entries', schema: listOf(auditEntrySchema) },
    problems: [],
  }, async ({ query }) => {
    const entries = await policy.listAudit(query.before === undefined ? { limit: query.limit } : { limit: query.limit, before: query.before });
    return { items: entries.map((entry) => ({ ...entry, occurredAt: entry.occurredAt.toISOString() })) };
  });

  return api.router;
}
