// Builds the OpenAPI 3.1 document from the operation catalog: the zod schemas that validate are the ones documented.
import { STATUS_CODES } from 'node:http';
import { z } from 'zod';
import type { ApiCatalog, DocumentedOperation, DocumentedSecurity } from './api-operations.js';

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string().describe('Stable machine-readable identifier of the problem'),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional().describe('The offending input fields'),
}).meta({ description: 'RFC 9457 problem details' });

type JsonSchema = Record<string, unknown> & { properties?: Record<string, unknown>; required?: string[] };

export interface OpenApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
}

export function buildOpenApiDocument(catalog: ApiCatalog, info: OpenApiInfo): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of catalog.operations) {
    const path = spec.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    (paths[path] ??= {})[spec.method] = operationObject(spec);
  }
  for (const [path, summary] of Object.entries(infrastructurePaths)) {
    paths[path] = { get: { operationId: summary.id, summary: summary.text, tags: ['infrastructure'], security: [], responses: { 200: { description: 'OK' } } } };
  }
  return {
    openapi: '3.1.0',
    info,
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      schemas: { Problem: jsonSchema(problemSchema, 'output') },
      securitySchemes: {
        userToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token of the OIDC provider (Cognito)' },
        serviceToken: { type: 'http', scheme: 'bearer', description: 'Credential of an internal service' },
        exchangeClient: {
          type: 'http', scheme: 'basic',
          description: 'Client id and secret of a token exchange client (PLATFORM_EXCHANGE_CLIENTS), as client_secret_basic',
        },
      },
    },
  };
}

const infrastructurePaths: Record<string, { id: string; text: string }> = {
  '/healthz': { id: 'liveness', text: 'Liveness probe' },
  '/readyz': { id: 'readiness', text: 'Readiness probe: database reachable and Tenant watch synced' },
  '/metrics': { id: 'metrics', text: 'Prometheus metrics' },
  '/openapi.json': { id: 'openapi', text: 'This document' },
};

function operationObject(spec: DocumentedOperation): Record<string, unknown> {
  const parameters = [
    ...parametersOf(spec.params, 'path'),
    ...parametersOf(spec.query, 'query'),
  ];
  const { success } = spec;
  const responses: Record<string, unknown> = {
    [success.status]: success.schema === undefined
      ? { description: success.description }
      : { description: success.description, content: { [success.mediaType ?? 'application/json']: { schema: jsonSchema(success.schema, 'output') } } },
  };
  const errorContent = spec.errorSchema === undefined
    ? { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } }
    : { 'application/json': { schema: jsonSchema(spec.errorSchema, 'output') } };
  const implied = spec.security === 'none' ? [] : [400, 401];
  for (const status of [...implied, ...spec.problems, 500]) {
    responses[status] ??= { description: STATUS_CODES[status] ?? 'Error', content: errorContent };
  }
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    tags: [spec.tag],
    security: securityOf(spec.security),
    ...(parameters.length === 0 ? {} : { parameters }),
    ...(spec.body === undefined ? {} : {
      requestBody: { required: true, content: { [spec.bodyMediaType ?? 'application/json']: { schema: jsonSchema(spec.body, 'input') } } },
    }),
    responses,
  };
}

function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query'): Record<string, unknown>[] {
  if (schema === undefined) return [];
  const object = jsonSchema(schema, 'input');
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (object.required ?? []).includes(name),
    schema: property,
  }));
}

function securityOf(security: DocumentedSecurity): Record<string, string[]>[] {
  switch (security) {
    case 'user': return [{ userToken: [] }];
    case 'service': return [{ serviceToken: [] }];
    case 'user-or-service': return [{ userToken: [] }, { serviceToken: [] }];
    case 'client': return [{ exchangeClient: [] }];
    case 'none': return [];
  }
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}
