// HTTP operations of the tenants API (platform admins only): create, list, read, suspend, resume, delete.
import type { Router } from 'express';
import type { AccessControl } from '../auth/access-control.js';
import { createApiRouter, type ApiRouterOptions } from '../http/api-operations.js';
import type { TenantRegistry } from './tenant-registry.js';
import { createTenantBody, tenantDetailSchema, tenantListSchema, tenantParams } from './tenant-schemas.js';
import { toTenantDetail, toTenantSummary } from './tenant-view.js';

export interface TenantRouterOptions {
  readonly http: ApiRouterOptions;
  readonly tenants: TenantRegistry;
  readonly access: AccessControl;
}

const tag = 'tenants';
const detail = { status: 200, description: 'The tenant', schema: tenantDetailSchema };

export function createTenantRouter({ http, tenants, access }: TenantRouterOptions): Router {
  const api = createApiRouter(http);
  api.add({
    operationId: 'createTenant', method: 'post', path: '/v1/tenants', tag, access: 'user',
    summary: 'Create a tenant (writes a Tenant resource; the operator provisions it)',
    body: createTenantBody,
    success: { status: 201, description: 'The Tenant resource was created', schema: tenantDetailSchema },
    problems: [403, 409, 422],
  }, async ({ body, caller, res }) => {
    access.requirePlatformAdmin(caller);
    const tenant = await tenants.create(body);
    res.location(`/v1/tenants/${tenant.metadata.name}`);
    return toTenantDetail(tenant);
  });

  api.add({
    operationId: 'listTenants', method: 'get', path: '/v1/tenants', tag, access: 'user',
    summary: 'List tenants with their phase (from the watch cache)',
    success: { status: 200, description: 'Every tenant, by name', schema: tenantListSchema },
    problems: [403, 503],
  }, ({ caller }) => {
    access.requirePlatformAdmin(caller);
    return Promise.resolve({ items: tenants.list().map(toTenantSummary) });
  });

  api.add({
    operationId: 'getTenant', method: 'get', path: '/v1/tenants/:name', tag, access: 'user',
    summary: 'Read a tenant: spec and status straight from the resource',
    params: tenantParams, success: detail, problems: [403, 404],
  }, async ({ params, caller }) => {
    access.requirePlatformAdmin(caller);
    return toTenantDetail(await tenants.read(params.name));
  });

  for (const [action, suspended] of [['suspend', true], ['resume', false]] as const) {
    api.add({
      operationId: `${action}Tenant`, method: 'post', path: `/v1/tenants/:name/${action}`, tag, access: 'user',
      summary: suspended ? 'Suspend a tenant: data kept, users refused' : 'Resume a suspended tenant',
      params: tenantParams, success: detail, problems: [403, 404],
    }, async ({ params, caller }) => {
      access.requirePlatformAdmin(caller);
      return toTenantDetail(await tenants.setSuspended(params.name, suspended));
    });
  }

  api.add({
    operationId: 'deleteTenant', method: 'delete', path: '/v1/tenants/:name', tag, access: 'user',
    summary: 'Delete a tenant; its storage is kept or dropped as its deletionPolicy says',
    params: tenantParams,
    success: { status: 202, description: 'Deletion requested; the operator finishes it', schema: tenantDetailSchema },
    problems: [403, 404],
  }, async ({ params, caller }) => {
    access.requirePlatformAdmin(caller);
    return toTenantDetail(await tenants.remove(params.name));
  });

  return api.router;
}
