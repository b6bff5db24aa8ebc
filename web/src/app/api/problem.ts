// An HTTP failure as the app reasons about it: the problem+json the services answer, or what the browser saw.
import { HttpErrorResponse } from '@angular/common/http';
import type { Problem } from './api-types';

export interface ApiFailure {
  readonly status: number;
  /** The problem's stable code (TENANT_SUSPENDED, VERSION_MISMATCH, …), or NETWORK / HTTP_<status> without one. */
  readonly code: string;
  readonly detail: string;
  /** Input fields the service named. */
  readonly fields: readonly { readonly field: string; readonly message: string }[];
  readonly retryAfterSeconds?: number;
}

export function toFailure(error: unknown): ApiFailure {
  if (!(error instanceof HttpErrorResponse)) {
    return { status: 0, code: 'CLIENT', detail: error instanceof Error ? error.message : String(error), fields: [] };
  }
  if (error.status === 0) return { status: 0, code: 'NETWORK', detail: 'The server cannot be reached. Check your connection and try again.', fields: [] };
  const problem = isProblem(error.error) ? error.error : undefined;
  const retryAfter = Number(error.headers.get('Retry-After'));
  return {
    status: error.status,
    code: problem?.code ?? `HTTP_${error.status}`,
    detail: problem?.detail ?? error.message,
    fields: problem?.errors ?? [],
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
  };
}

function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && typeof (body as Problem).code === 'string' && typeof (body as Problem).detail === 'string';
}

/** What a screen about a tenant's data shows instead of its content when the tenant itself cannot be used. */
export type TenantBlock = 'suspended' | 'provisioning' | 'stalled' | 'forbidden' | 'unknown';

/**
 * The gateway's answers about the tenant, by code: 403 suspended; 503 + Retry-After while it provisions; 503
 * TENANT_UNAVAILABLE without Retry-After when stalled (the backend's 403 TENANT_UNAVAILABLE is a suspension it saw);
 * one 404 for an unknown tenant and one the caller is not a member of; a missing permission is a 403.
 */
export function tenantBlockOf(failure: ApiFailure): TenantBlock | undefined {
  switch (failure.code) {
    case 'TENANT_SUSPENDED':
      return 'suspended';
    case 'TENANT_UNAVAILABLE':
      return failure.status === 503 ? 'stalled' : 'suspended';
    case 'TENANT_NOT_READY':
      return failure.retryAfterSeconds === undefined ? 'stalled' : 'provisioning';
    case 'PERMISSION_DENIED':
      return 'forbidden';
    case 'TENANT_NOT_FOUND':
    case 'TENANT_DELETING':
      return 'unknown';
    default:
      return undefined;
  }
}
