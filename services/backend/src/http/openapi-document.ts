// The backend's OpenAPI 3.1 document: the runtime's builder, every operation behind an internal token.
import { buildOpenApiDocument as build, type OpenApiInfo } from '@tenantry/runtime';
import type { ApiCatalog } from './api-operations.js';

export function buildOpenApiDocument(catalog: ApiCatalog, info: OpenApiInfo): Record<string, unknown> {
  return build({
    info,
    operations: catalog.operations,
    securitySchemes: {
      internalToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Internal access token of the platform (at+jwt)' },
    },
    describeAccess: (permission) => ({
      security: [{ internalToken: [] }], problems: [400, 401, 403], note: `Requires the permission ${permission}.`,
    }),
  });
}
