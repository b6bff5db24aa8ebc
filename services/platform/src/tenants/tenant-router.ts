// HTTP operations of the tenants API (platform admins only): create, list, read, suspend, resume, rotate the
// database credentials, delete.
import type { Router } from 'express';
import { createApiRouter, type ApiRouterOptions } from '../http/api-operations.js';
import type { TenantRegistry } from './tenant-registry.js';
import { createTenantBody, tenantDetailSchema, tenantListSchema, tenantParams } from './tenant-schemas.js';
import { toTenantDetail, toTenantSummary } from './tenant-view.js';

export interface TenantRouterOptions {
  readonly http: ApiRouterOptions;
  readonly tenants: TenantRegistry;
}

const tag = 'tenants';
const detail = { status: 200, description: 'The tenant', schema: tenantDetailSchema };

export function createTenantRouter({ http, tenants }: TenantRouterOptions): Router {
  const api = createApiRouter(http);
  api.add({
    operationId: 'createTenant', method: 'post', path: '/v1/tenants', tag, access: 'platform-admin',
    summary: 'Create a tenant (writes a Tenant resource; the operator provisions it)',
    body: createTenantBody,
    success: { status: 201, description: 'The Tenant resource was created', schema: tenantDetailSchema },
    problems: [409, 422],
  }, async ({ body, res }) => {
    const tenant = await tenants.create(body);
    res.location(`/v1/tenants/${tenant.metadata.name}`);
    return toTenantDetail(tenant);
  });

  api.add({
    operationId: 'listTenants', method: 'get', path: '/v1/tenants', tag, access: 'platform-admin',
    summary: 'List tenants with their phase (from the watch cache)',
    success: { status: 200, description: 'Every tenant, by name', schema: tenantListSchema },
    problems: [503],
  }, () => Promise.resolve({ items: tenants.list().map(toTenantSummary) }));

  api.add({
    operationId: 'getTenant', method: 'get', path: '/v1/tenants/:name', tag, access: 'platform-admin',
    summary: 'Read a tenant: spec and status straight from the resource',
    params: tenantParams, success: detail, problems: [404],
  }, async ({ params }) => toTenantDetail(await tenants.read(params.name)));

  for (const [action, suspended] of [['suspend', true], ['resume', false]] as const) {
    api.add({
      operationId: `${action}Tenant`, method: 'post', path: `/v1/tenants/:name/${action}`, tag, access: 'platform-admin',
      summary: suspended ? 'Suspend a tenant: data kept, users refused' : 'Resume a suspended tenant',
      params: tenantParams, success: detail, problems: [404],
    }, async ({ params }) => toTenantDetail(await tenants.setSuspended(params.name, suspended)));
  }

  api.add({
    operationId: 'rotateTenantCredentials', method: 'post', path: '/v1/tenants/:name/rotate-credentials', tag, access: 'platform-admin',
    summary: 'Rotate the tenant\'s database credentials now (the operator switches the Secret to a fresh login; the previous one works for the grace period)',
    params: tenantParams,
    success: { status: 202, description: 'Rotation requested; credentials.rotationPending is true until the operator carried it out', schema: tenantDetailSchema },
    problems: [404],
  }, async ({ params }) => toTenantDetail(await tenants.requestRotation(params.name)));

  api.add({
    operationId: 'deleteTenant', method: 'delete', path: '/v1/tenants/:name', tag, access: 'platform-admin',
    summary: 'Delete a tenant; its storage is kept or dropped as its deletionPolicy says',
    params: tenantParams,
    success: { status: 202, description: 'Deletion requested; the operator finishes it', schema: tenantDetailSchema },
    problems: [404],
  }, async ({ params }) => toTenantDetail(await tenants.remove(params.name)));

  return api.router;
}
