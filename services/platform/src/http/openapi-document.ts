// The platform's OpenAPI 3.1 document: the runtime's builder with the platform's security schemes and access levels.
import { buildOpenApiDocument as build, type AccessDescription, type OpenApiInfo } from '@tenantry/runtime';
import { membersManagePermission } from '../auth/access-control.js';
import type { ApiCatalog, DocumentedAccess } from './api-operations.js';

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

/**
 * Each level as a security requirement (how the caller proves who they are), the problems it implies, a sentence
 * saying who may call, and the level itself as `x-tenantry-access` for tools (the gateway's document keeps it).
 */
function describeAccess(access: DocumentedAccess): AccessDescription {
  const extensions = { 'x-tenantry-access': access };
  const user = [{ userToken: [] }];
  switch (access) {
    case 'user': return { security: user, problems: [400, 401], note: 'Any signed-in user may call this.', extensions };
    case 'platform-admin': return {
      security: user, problems: [400, 401, 403], extensions,
      note: 'Only platform admins (users in the platform admin group) may call this; anyone else gets 403 ACCESS_DENIED.',
    };
    case 'tenant-members-manager': return {
      security: user, problems: [400, 401, 403], extensions,
      note: `Platform admins, and users holding ${membersManagePermission} in the tenant, may call this; anyone else gets 403 ACCESS_DENIED.`,
    };
    case 'service': return { security: [{ serviceToken: [] }], problems: [400, 401], note: 'Internal services only.', extensions };
    case 'user-or-service': return { security: [...user, { serviceToken: [] }], problems: [400, 401], extensions };
    case 'client': return { security: [{ exchangeClient: [] }], problems: [400, 401], note: 'Token exchange clients only.', extensions };
    case 'none': return { security: [], problems: [], note: 'Anyone may call this.', extensions };
  }
}
