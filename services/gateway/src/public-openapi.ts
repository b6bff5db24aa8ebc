// The public API's OpenAPI document: what a client really calls through the gateway, derived from the documents
// the backend and the platform generate from their own declarations, so it cannot drift from either.
import { serviceUnavailable } from '@tenantry/runtime';

type OpenApiDocument = {
  info?: { version?: string };
  paths?: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, unknown> };
};
type OpenApiOperation = {
  operationId?: string;
  description?: string;
  security?: Record<string, string[]>[];
  parameters?: unknown[];
  responses?: Record<string, unknown>;
};

/** Where the platform's API appears on the gateway. */
export const PLATFORM_PREFIX = '/platform';
const problemContent = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
const retryAfter = { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 1 } } };

/** The answers the gateway itself may give before a request reaches the service behind it. */
const gatewayAnswers = {
  401: 'The access token is missing, invalid or expired (WWW-Authenticate: Bearer)',
  502: 'The service behind the gateway could not be reached',
  503: 'Temporarily unavailable; Retry-After says when to try again',
} as const;
const tenantAnswers = {
  400: 'The X-Tenant-Id header is missing, or the request is invalid',
  403: 'The tenant is suspended, or the caller lacks the permission the operation needs',
  404: 'No tenant of that name that the caller is a member of (unknown and foreign tenants answer alike)',
  429: 'The tenant\'s plan allows no more requests now; Retry-After says when',
  503: 'The tenant is provisioning (Retry-After), or unavailable until an operator acts (TENANT_UNAVAILABLE, no Retry-After)',
} as const;

/**
 * Every backend operation under /api as it is called from outside (the caller's own access token and the tenant
 * header), and every platform operation a user's token may call, under /platform. Service-only and public
 * infrastructure endpoints (internal datasource, token exchange, JWKS, probes, metrics) are not part of it.
 */
export function publicOpenApiDocument(backend: OpenApiDocument, platform: OpenApiDocument): Record<string, unknown> {
  const paths: Record<string, Record<string, OpenApiOperation>> = {};
  for (const [path, operations] of Object.entries(backend.paths ?? {})) {
    if (!path.startsWith('/api/') && path !== '/api') continue;
    paths[path] = mapOperations(operations, () => true, (operation) => tenantOperation(operation));
  }
  for (const [path, operations] of Object.entries(platform.paths ?? {})) {
    const forUsers = mapOperations(operations, (operation) => callableByUsers(operation), (operation) => userOperation(operation));
    if (Object.keys(forUsers).length > 0) paths[`${PLATFORM_PREFIX}${path}`] = forUsers;
  }
  assertUniqueOperationIds(paths);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tenantry public API',
      version: backend.info?.version ?? platform.info?.version ?? '0.0.0',
      description: 'The API behind the Tenantry gateway: each tenant\'s entries under /api, the platform\'s tenants, members and '
        + 'policy under /platform. Every call carries the caller\'s access token from the identity provider (Cognito).',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      schemas: { ...platform.components?.schemas, ...backend.components?.schemas },
      securitySchemes: {
        accessToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token of the identity provider (Cognito)' },
      },
      parameters: {
        TenantId: { name: 'X-Tenant-Id', in: 'header', required: true, description: 'The tenant the request is for', schema: { type: 'string' } },
        IdToken: {
          name: 'X-Id-Token', in: 'header', required: false, schema: { type: 'string' },
          description: 'The caller\'s ID token from the same sign-in: lets memberships granted by e-mail apply (Cognito access tokens carry no e-mail)',
        },
      },
    },
  };
}

function mapOperations(
  operations: Record<string, OpenApiOperation>, keep: (operation: OpenApiOperation) => boolean, map: (operation: OpenApiOperation) => OpenApiOperation,
): Record<string, OpenApiOperation> {
  return Object.fromEntries(Object.entries(operations).filter(([, operation]) => keep(operation)).map(([method, operation]) => [method, map(operation)]));
}

function callableByUsers(operation: OpenApiOperation): boolean {
  return (operation.security ?? []).some((requirement) => 'userToken' in requirement);
}

function tenantOperation(operation: OpenApiOperation): OpenApiOperation {
  return {
    ...operation,
    security: [{ accessToken: [] }],
    parameters: [{ $ref: '#/components/parameters/TenantId' }, { $ref: '#/components/parameters/IdToken' }, ...(operation.parameters ?? [])],
    responses: withAnswers(operation.responses, { ...gatewayAnswers, ...tenantAnswers }),
  };
}

function userOperation(operation: OpenApiOperation): OpenApiOperation {
  return { ...operation, security: [{ accessToken: [] }], responses: withAnswers(operation.responses, gatewayAnswers) };
}

/** The service's own responses stay as documented; the gateway's answers are added, or joined to the service's. */
function withAnswers(responses: Record<string, unknown> | undefined, answers: Record<number, string>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...responses };
  for (const [status, description] of Object.entries(answers)) {
    const headers = status === '429' || status === '503' ? { headers: retryAfter } : {};
    const own = merged[status] as { description?: string; headers?: Record<string, unknown> } | undefined;
    merged[status] = own === undefined
      ? { description, content: problemContent, ...headers }
      : { ...own, description: `${own.description ?? ''}; or, from the gateway: ${description}`, headers: { ...own.headers, ...headers.headers } };
  }
  return merged;
}

function assertUniqueOperationIds(paths: Record<string, Record<string, OpenApiOperation>>): void {
  const seen = new Set<string>();
  for (const operation of Object.values(paths).flatMap((operations) => Object.values(operations))) {
    if (operation.operationId === undefined) continue;
    if (seen.has(operation.operationId)) throw new Error(`operationId ${operation.operationId} is declared by both the backend and the platform`);
    seen.add(operation.operationId);
  }
}

export interface PublicOpenApiOptions {
  readonly backendUrl: string;
  readonly platformUrl: string;
  /** How long a built document is served before the services' documents are read again. */
  readonly maxAgeMs?: number;
  readonly now?: () => number;
}

export interface PublicOpenApi {
  /** The document, rebuilt at most once per maxAge; a 503 problem when neither service has answered yet. */
  document(): Promise<Record<string, unknown>>;
}

export function createPublicOpenApi({ backendUrl, platformUrl, maxAgeMs = 60_000, now = Date.now }: PublicOpenApiOptions): PublicOpenApi {
  let built: { document: Record<string, unknown>; at: number } | undefined;
  let building: Promise<Record<string, unknown>> | undefined;
  const rebuild = async () => {
    const [backend, platform] = await Promise.all([fetchDocument(backendUrl), fetchDocument(platformUrl)]);
    const document = publicOpenApiDocument(backend, platform);
    built = { document, at: now() };
    return document;
  };
  return {
    async document() {
      if (built !== undefined && now() - built.at < maxAgeMs) return built.document;
      building ??= rebuild().finally(() => (building = undefined));
      try {
        return await building;
      } catch (error) {
        // A stale document beats none: the services' declarations change only when they are deployed.
        if (built !== undefined) return built.document;
        throw serviceUnavailable('The API description cannot be assembled right now.', 5, { code: 'OPENAPI_UNAVAILABLE', cause: error });
      }
    },
  };
}

async function fetchDocument(base: string): Promise<OpenApiDocument> {
  const response = await fetch(new URL('/openapi.json', base), { signal: AbortSignal.timeout(5_000), headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${base}/openapi.json answered ${response.status}`);
  return await response.json() as OpenApiDocument;
}
