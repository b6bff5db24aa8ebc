// Declares each HTTP operation once — path, permission, zod schemas — and serves it: the same declaration
// checks the caller, validates input, shapes output and becomes the OpenAPI document.
import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import { badRequest, fieldPath, validateBody, validateQuery } from '@tenantry/runtime';
import { callerOf } from '../auth/caller.js';
import type { InternalPrincipal } from '../auth/internal-token-verifier.js';
import { BackendError } from '../backend-error.js';

export type HttpMethod = 'get' | 'post' | 'patch' | 'delete';

export interface OperationSpec<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** Express syntax: /api/entries/:id. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  /** The internal token must carry it (entries:read, entries:write). */
  readonly permission: string;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** Request headers worth documenting (If-Match). */
  readonly headers?: readonly { readonly name: string; readonly required: boolean; readonly description: string }[];
  readonly success: { readonly status: number; readonly description: string; readonly schema?: z.ZodType };
  /** Error statuses beside the implied 400, 401, 403 and 500. */
  readonly problems: readonly number[];
}

export interface OperationInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly caller: InternalPrincipal;
  readonly req: Request;
  /** For response headers; the body is the handler's return value. */
  readonly res: Response;
}

export type OperationHandler<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> =
  (input: OperationInput<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<unknown>;

/** Every operation served, in declaration order: the input of the OpenAPI document. */
export interface ApiCatalog {
  readonly operations: OperationSpec[];
}

export function createApiCatalog(): ApiCatalog {
  return { operations: [] };
}

export interface ApiRouter {
  readonly router: Router;
  add<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(spec: OperationSpec<P, Q, B>, handler: OperationHandler<P, Q, B>): void;
}

export function createApiRouter(catalog: ApiCatalog): ApiRouter {
  const router = Router();
  return {
    router,
    add(spec, handler) {
      catalog.operations.push(spec);
      router[spec.method](spec.path, async (req, res) => {
        const caller = callerOf(req);
        if (!caller.permissions.includes(spec.permission)) {
          throw new BackendError('forbidden', 'PERMISSION_DENIED', `the permission ${spec.permission} is required`);
        }
        const params = spec.params === undefined ? {} : validateParams(spec.params, req.params);
        const query = spec.query === undefined ? {} : validateQuery(spec.query, req.query);
        const body = spec.body === undefined ? undefined : validateBody(spec.body, req.body);
        // Validated above against the very schemas that give these types.
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
