// Declares each HTTP operation once — path, access requirement, zod schemas — and serves it: the same
// declaration checks the caller, validates input, shapes output and becomes the OpenAPI document.
// Generic over what an access requirement is (`A`) and what a checked caller is (`C`): each service
// brings its own (a user or service credential, a permission in an internal token, …).
import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import { badRequest, fieldPath, validateBody, validateQuery } from './problem.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * What the OpenAPI document says about one operation. Most are OperationSpecs served by createApiRouter;
 * protocol endpoints with their own wire format (OAuth's token endpoint, a JWKS) declare one themselves,
 * validate with its schemas and push it to the catalog.
 */
export interface DocumentedOperation<A = unknown> {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** Express syntax: /v1/tenants/:name. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  /** Who may call: checked by the router's `authorize`, documented by the document's `describeAccess`. */
  readonly access: A;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** application/json unless said: OAuth's token endpoint takes a form (RFC 6749 §3.2). */
  readonly bodyMediaType?: 'application/json' | 'application/x-www-form-urlencoded';
  /** Request headers worth documenting (e.g. If-Match). */
  readonly headers?: readonly { readonly name: string; readonly required: boolean; readonly description: string }[];
  /**
   * The success status; a schema for its body (application/json unless `mediaType`), none for an empty body. For
   * `text/event-stream` the schema is that of each event's JSON `data`. `component` names the schema in the
   * document's components, so generated clients can name the type.
   */
  readonly success: {
    readonly status: number; readonly description: string; readonly schema?: z.ZodType; readonly mediaType?: string; readonly component?: string;
  };
  /** Error statuses beside those the access requirement implies (and 500). */
  readonly problems: readonly number[];
  /** Errors in a protocol's own JSON shape (RFC 6749 §5.2) instead of problem+json. */
  readonly errorSchema?: z.ZodType;
}

export interface OperationSpec<A, P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType>
  extends DocumentedOperation<A> {
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
}

export interface OperationInput<C, P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly caller: C;
  readonly req: Request;
  /** For response headers; the body is the handler's return value. */
  readonly res: Response;
}

export type OperationHandler<C, P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> =
  (input: OperationInput<C, z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<unknown>;

/** Every operation a process serves, in declaration order: the input of the OpenAPI document. */
export interface ApiCatalog<A> {
  readonly operations: DocumentedOperation<A>[];
}

export function createApiCatalog<A>(): ApiCatalog<A> {
  return { operations: [] };
}

export interface ApiRouter<A, C> {
  readonly router: Router;
  add<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(spec: OperationSpec<A, P, Q, B>, handler: OperationHandler<C, P, Q, B>): void;
}

export interface ApiRouterOptions<A, C> {
  readonly catalog: ApiCatalog<A>;
  /** Returns the caller when the request meets `access`; throws the service's 401/403 error otherwise. */
  readonly authorize: (req: Request, access: A) => C | Promise<C>;
}

export function createApiRouter<A, C>({ catalog, authorize }: ApiRouterOptions<A, C>): ApiRouter<A, C> {
  const router = Router();
  return {
    router,
    add(spec, handler) {
      catalog.operations.push(spec);
      router[spec.method](spec.path, async (req, res) => {
        const caller = await authorize(req, spec.access);
        const params = spec.params === undefined ? {} : validateParams(spec.params, req.params);
        const query = spec.query === undefined ? {} : validateQuery(spec.query, req.query);
        const body = spec.body === undefined ? undefined : validateBody(spec.body, req.body);
        // Validated above against the very schemas that give these types; absent schemas give `unknown`.
        const input = { params, query, body, caller, req, res } as Parameters<typeof handler>[0];
        const result = await handler(input);
        res.status(spec.success.status);
        if (spec.success.schema === undefined) {
          res.end();
          return;
        }
        // Parsing the output keeps the response to the documented shape: internal fields never leak.
        res.json(spec.success.schema.parse(result));
      });
    },
  };
}

function validateParams(schema: z.ZodType, params: unknown): unknown {
  const result = schema.safeParse(params);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({ field: fieldPath(issue.path), message: issue.message }));
  throw badRequest('The request path is invalid.', errors, { code: 'VALIDATION_FAILED' });
}
