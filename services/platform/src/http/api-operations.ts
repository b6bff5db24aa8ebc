// Declares each HTTP operation once — path, caller, zod schemas — and serves it: the same declaration
// authenticates, validates input, shapes output and becomes the OpenAPI document.
import { Router, type Response } from 'express';
import type { z } from 'zod';
import { badRequest, fieldPath, validateBody, validateQuery } from '@tenantry/runtime';
import type { Authenticator, Caller, Security } from '../auth/authentication.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call, as documented: the Authenticator's callers, an OAuth client by HTTP Basic, or anyone. */
export type DocumentedSecurity = Security | 'client' | 'none';

/**
 * What the OpenAPI document says about one operation. Most are OperationSpecs served by createApiRouter;
 * protocol endpoints with their own wire format (OAuth's token endpoint, the JWKS) declare one of these
 * themselves, validate with its schemas and push it to the catalog.
 */
export interface DocumentedOperation {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** Express syntax: /v1/tenants/:name. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  readonly security: DocumentedSecurity;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** application/json unless said: OAuth's token endpoint takes a form (RFC 6749 §3.2). */
  readonly bodyMediaType?: 'application/json' | 'application/x-www-form-urlencoded';
  /** The success status; a schema for its body (application/json unless `mediaType`), none for an empty body. */
  readonly success: { readonly status: number; readonly description: string; readonly schema?: z.ZodType; readonly mediaType?: string };
  /** The error statuses this operation answers with (400 and 401 are implied unless `security` is none). */
  readonly problems: readonly number[];
  /** Errors in a protocol's own JSON shape (RFC 6749 §5.2) instead of problem+json. */
  readonly errorSchema?: z.ZodType;
}

export interface OperationSpec<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType>
  extends DocumentedOperation {
  readonly security: Security;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
}

export interface OperationInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly caller: Caller;
  /** For response headers; the body is the handler's return value. */
  readonly res: Response;
}

export type OperationHandler<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> =
  (input: OperationInput<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<unknown>;

/** Every operation the process serves, in declaration order: the input of the OpenAPI document. */
export interface ApiCatalog {
  readonly operations: DocumentedOperation[];
}

export function createApiCatalog(): ApiCatalog {
  return { operations: [] };
}

export interface ApiRouter {
  readonly router: Router;
  add<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(spec: OperationSpec<P, Q, B>, handler: OperationHandler<P, Q, B>): void;
}

export interface ApiRouterOptions {
  readonly authenticator: Authenticator;
  readonly catalog: ApiCatalog;
}

export function createApiRouter({ authenticator, catalog }: ApiRouterOptions): ApiRouter {
  const router = Router();
  return {
    router,
    add(spec, handler) {
      catalog.operations.push(spec);
      router[spec.method](spec.path, async (req, res) => {
        const caller = await authenticator.authenticate(req.get('authorization'), spec.security);
        const params = spec.params === undefined ? {} : validateParams(spec.params, req.params);
        const query = spec.query === undefined ? {} : validateQuery(spec.query, req.query);
        const body = spec.body === undefined ? undefined : validateBody(spec.body, req.body);
        // Validated above against the very schemas that give these types; absent schemas give `unknown`.
        const input = { params, query, body, caller, res } as Parameters<typeof handler>[0];
        const result = await handler(input);
        res.status(spec.success.status);
        if (spec.success.schema === undefined) {
          res.end();
          return;
        }
        // Parsing the output keeps the response to the documented shape: extra internal fields never leak.
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
