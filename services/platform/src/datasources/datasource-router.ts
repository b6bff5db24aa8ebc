// The internal datasource endpoint: the backend asks where a tenant's data lives, with a service credential.
import type { Router } from 'express';
import { createApiRouter, type ApiRouterOptions } from '../http/api-operations.js';
import { tenantParams } from '../tenants/tenant-schemas.js';
import { datasourceSchema, recordTenant } from '@tenantry/runtime';
import type { DatasourceService } from './datasource-service.js';

export interface DatasourceRouterOptions {
  readonly http: ApiRouterOptions;
  readonly datasources: DatasourceService;
}

export function createDatasourceRouter({ http, datasources }: DatasourceRouterOptions): Router {
  const api = createApiRouter(http);
  api.add({
    operationId: 'getTenantDatasource', method: 'get', path: '/internal/v1/tenants/:name/datasource', tag: 'internal',
    access: 'service',
    summary: 'Connection details of a Ready tenant\'s storage (service callers only)',
    description: '409 while the tenant is suspended or being deleted; 503 with Retry-After while it is still provisioning.',
    params: tenantParams,
    success: { status: 200, description: 'How to connect to the tenant\'s storage', schema: datasourceSchema },
    problems: [404, 409, 503],
  }, async ({ params, res }) => {
    recordTenant(params.name);
    // Credentials: never in a shared cache.
    res.setHeader('Cache-Control', 'no-store');
    return datasources.datasource(params.name);
  });
  return api.router;
}
