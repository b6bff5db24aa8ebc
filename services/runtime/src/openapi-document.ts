// Builds an OpenAPI 3.1 document from an operation catalog: the zod schemas that validate are the ones documented.
import { STATUS_CODES } from 'node:http';
import { z } from 'zod';
import type { DocumentedOperation } from './api-operations.js';

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

export interface OpenApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
}

/** How a service documents one access requirement. */
export interface AccessDescription {
  /** OpenAPI security requirements (alternatives); empty for a public operation. */
  readonly security: readonly Record<string, string[]>[];
  /** Error statuses the requirement implies, e.g. 401 and 403. */
  readonly problems: readonly number[];
  /** A sentence appended to the operation's description, e.g. "Requires the permission entries:read." */
  readonly note?: string;
  /** Specification extensions on the operation (OpenAPI 3.1 §4.9), e.g. the access level by name for tools. */
  readonly extensions?: Readonly<Record<`x-${string}`, unknown>>;
}

export interface OpenApiOptions<A> {
  readonly info: OpenApiInfo;
  readonly operations: readonly DocumentedOperation<A>[];
  readonly securitySchemes: Record<string, unknown>;
  readonly describeAccess: (access: A) => AccessDescription;
  /** Probes and other plain GET endpoints, documented as public: path → summary. */
  readonly infrastructure?: Record<string, string>;
}

type JsonSchema = Record<string, unknown> & { properties?: Record<string, unknown>; required?: string[] };

export function buildOpenApiDocument<A>({ info, operations, securitySchemes, describeAccess, infrastructure = {} }: OpenApiOptions<A>): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, JsonSchema> = { Problem: jsonSchema(problemSchema, 'output') };
  for (const spec of operations) {
    const { component, schema } = spec.success;
    if (component !== undefined && schema !== undefined) schemas[component] = jsonSchema(schema, 'output');
    (paths[spec.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')] ??= {})[spec.method] = operationObject(spec, describeAccess(spec.access));
  }
  for (const [path, summary] of Object.entries(infrastructure)) {
    const operationId = path.replace(/[^A-Za-z0-9]+/g, ' ').trim().replace(/ (\w)/g, (_, letter: string) => letter.toUpperCase()) || 'root';
    paths[path] = { get: { operationId, summary, tags: ['infrastructure'], security: [], responses: { 200: { description: 'OK' } } } };
  }
  return {
    openapi: '3.1.0',
    info,
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: { schemas, securitySchemes },
  };
}

function operationObject(spec: DocumentedOperation<unknown>, access: AccessDescription): Record<string, unknown> {
  const parameters = [
    ...parametersOf(spec.params, 'path'),
    ...parametersOf(spec.query, 'query'),
    ...(spec.headers ?? []).map(({ name, required, description }) => ({ name, in: 'header', required, description, schema: { type: 'string' } })),
  ];
  const { success } = spec;
  const responses: Record<string, unknown> = {
    [success.status]: success.schema === undefined
      ? { description: success.description }
      : { description: success.description, content: { [success.mediaType ?? 'application/json']: { schema: successSchema(success) } } },
  };
  const errorContent = spec.errorSchema === undefined
    ? { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } }
    : { 'application/json': { schema: jsonSchema(spec.errorSchema, 'output') } };
  // Any body can be too large or of another media type: the body parser answers those before the operation runs.
  const bodyProblems = spec.body === undefined ? [] : [413, 415];
  for (const status of [...access.problems, ...spec.problems, ...bodyProblems, 500]) {
    responses[status] ??= { description: STATUS_CODES[status] ?? 'Error', content: errorContent };
  }
  const description = [spec.description, access.note].filter((part) => part !== undefined).join(' ');
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    ...(description === '' ? {} : { description }),
    tags: [spec.tag],
    security: access.security,
    ...access.extensions,
    ...(parameters.length === 0 ? {} : { parameters }),
    ...(spec.body === undefined ? {} : {
      requestBody: { required: true, content: { [spec.bodyMediaType ?? 'application/json']: { schema: jsonSchema(spec.body, 'input') } } },
    }),
    responses,
  };
}

function successSchema({ schema, mediaType, component }: DocumentedOperation<unknown>['success']): JsonSchema {
  const data = component === undefined ? jsonSchema(schema!, 'output') : { $ref: `#/components/schemas/${component}` };
  if (mediaType !== 'text/event-stream') return data;
  // Before OpenAPI 3.2's itemSchema, an event stream's schema describes each event (as 3.2's itemSchema does):
  // its fields, the data being JSON text of the operation's schema.
  return {
    type: 'object',
    required: ['data'],
    properties: {
      id: { type: 'string' },
      event: { type: 'string' },
      retry: { type: 'integer', minimum: 0 },
      data: { type: 'string', contentMediaType: 'application/json', contentSchema: data },
    },
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
