// Identifies the caller of every request from its internal token before the access log runs, so its lines carry the tenant.
import type { Request, RequestHandler } from 'express';
import { trace } from '@opentelemetry/api';
import { TENANT_SPAN_ATTRIBUTE, withLogContext } from '@tenantry/runtime';
import { BackendError } from '../backend-error.js';
import type { InternalPrincipal, InternalTokenVerifier } from './internal-token-verifier.js';

export const TENANT_HEADER = 'x-tenant-id';

type Identification = { readonly principal: InternalPrincipal } | { readonly error: BackendError };

const identifications = new WeakMap<Request, Identification>();

export interface IdentifyOptions {
  readonly verifier: InternalTokenVerifier;
  /** Requests that need no caller (probes, the OpenAPI document). */
  readonly skip?: (req: Request) => boolean;
}

/** Mount first: verifies the bearer token (if any) and runs the rest of the request with `tenantId` in the log context. */
export function identifyCaller({ verifier, skip }: IdentifyOptions): RequestHandler {
  return (req, _res, next) => {
    if (skip?.(req) === true) {
      next();
      return;
    }
    identify(verifier, req).then((identification) => {
      identifications.set(req, identification);
      const tenantId = 'principal' in identification ? identification.principal.tenant : undefined;
      if (tenantId === undefined) {
        next();
        return;
      }
      // Before the access log's scope exists, so the context is set here rather than recorded into it.
      trace.getActiveSpan()?.setAttribute(TENANT_SPAN_ATTRIBUTE, tenantId);
      withLogContext({ tenantId }, () => next());
    }, next);
  };
}

async function identify(verifier: InternalTokenVerifier, req: Request): Promise<Identification> {
  const header = req.get('authorization');
  const match = header === undefined ? null : /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header);
  if (match?.[1] === undefined) {
    return { error: new BackendError('unauthenticated', 'TOKEN_REQUIRED', 'an internal bearer token is required') };
  }
  try {
    const principal = await verifier.verify(match[1]);
    // The backend trusts no header on its own: a tenant header may only repeat what the signed token says.
    const named = req.get(TENANT_HEADER);
    if (named !== undefined && named !== principal.tenant) {
      return { error: new BackendError('forbidden', 'TENANT_MISMATCH', `the token is for another tenant than ${TENANT_HEADER} names`) };
    }
    return { principal };
  } catch (error) {
    if (error instanceof BackendError) return { error };
    throw error;
  }
}

/** The verified caller of this request, or the reason there is none (thrown). */
export function callerOf(req: Request): InternalPrincipal {
  const identification = identifications.get(req);
  if (identification === undefined) throw new BackendError('unauthenticated', 'TOKEN_REQUIRED', 'an internal bearer token is required');
  if ('error' in identification) throw identification.error;
  return identification.principal;
}
