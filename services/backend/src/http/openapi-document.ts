// Builds the OpenAPI 3.1 document from the operation catalog: the zod schemas that validate are the ones documented.
import { STATUS_CODES } from 'node:http';
import { z } from 'zod';
import type { ApiCatalog, OperationSpec } from './api-operations.js';

const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string().describe('Stable machine-readable identifier of the problem'),
  instance: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional().describe('The offending input fields'),
}).meta({ description: 'RFC 9457 problem details' });

type JsonSchema = Record<string, unknown> & { properties?: Record<string, unknown>; required?: string[] };

export function buildOpenApiDocument(catalog: ApiCatalog, info: { title: string; version: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of catalog.operations) {
    (paths[spec.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')] ??= {})[spec.method] = operationObject(spec);
  }
  return {
    openapi: '3.1.0',
    info,
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      schemas: { Problem: jsonSchema(problemSchema, 'output') },
      securitySchemes: {
        internalToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Internal access token of the platform (at+jwt)' },
      },
    },
  };
}

function operationObject(spec: OperationSpec): Record<string, unknown> {
  const parameters = [
    ...parametersOf(spec.params, 'path'),
    ...parametersOf(spec.query, 'query'),
    ...(spec.headers ?? []).map(({ name, required, description }) => ({ name, in: 'header', required, description, schema: { type: 'string' } })),
  ];
  const { success } = spec;
  const responses: Record<string, unknown> = {
    [success.status]: success.schema === undefined
      ? { description: success.description }
      : { description: success.description, content: { 'application/json': { schema: jsonSchema(success.schema, 'output') } } },
  };
  const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
  for (const status of [400, 401, 403, ...spec.problems, 500]) {
    responses[status] ??= { description: STATUS_CODES[status] ?? 'Error', content: problem };
  }
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    description: `${spec.description === undefined ? '' : `${spec.description} `}Requires the permission ${spec.permission}.`,
    tags: [spec.tag],
    security: [{ internalToken: [] }],
    ...(parameters.length === 0 ? {} : { parameters }),
    ...(spec.body === undefined ? {} : { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } } }),
    responses,
  };
}

function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query'): Record<string, unknown>[] {
  if (schema === undefined) return [];
  const object = jsonSchema(schema, 'input');
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name, in: location, required: location === 'path' || (object.required ?? []).includes(name), schema: property,
  }));
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}
