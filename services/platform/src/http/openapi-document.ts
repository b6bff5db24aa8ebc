// The platform's OpenAPI 3.1 document: the runtime's builder with the platform's security schemes.
import { buildOpenApiDocument as build, type AccessDescription, type OpenApiInfo } from '@tenantry/runtime';
import type { ApiCatalog, DocumentedSecurity } from './api-operations.js';

export function buildOpenApiDocument(catalog: ApiCatalog, info: OpenApiInfo): Record<string, unknown> {
  return build({
    info,
    operations: catalog.operations,
    securitySchemes: {
      userToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token of the OIDC provider (Cognito)' },
      serviceToken: { type: 'http', scheme: 'bearer', description: 'Credential of an internal service' },
      exchangeClient: {
        type: 'http', scheme: 'basic',
        description: 'Client id and secret of a token exchange client (PLATFORM_EXCHANGE_CLIENTS), as client_secret_basic',
      },
    },
    describeAccess,
    infrastructure: {
      '/healthz': 'Liveness probe',
      '/readyz': 'Readiness probe: database reachable and Tenant watch synced',
      '/metrics': 'Prometheus metrics',
      '/openapi.json': 'This document',
    },
  });
}

function describeAccess(security: DocumentedSecurity): AccessDescription {
  const problems = security === 'none' ? [] : [400, 401];
  switch (security) {
    case 'user': return { security: [{ userToken: [] }], problems };
    case 'service': return { security: [{ serviceToken: [] }], problems };
    case 'user-or-service': return { security: [{ userToken: [] }, { serviceToken: [] }], problems };
    case 'client': return { security: [{ exchangeClient: [] }], problems };
    case 'none': return { security: [], problems };
  }
}
