// HTTP failures as the app reasons about them: problem+json read, the gateway's tenant refusals told apart.
import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { tenantBlockOf, toFailure } from './problem';

const problem = (status: number, code: string, headers: Record<string, string> = {}, errors?: { field: string; message: string }[]) =>
  new HttpErrorResponse({ status, headers: new HttpHeaders(headers), error: { type: 'about:blank', title: 't', status, code, detail: `${code} detail`, ...(errors ? { errors } : {}) } });

describe('API failures', () => {
  it('reads the problem\'s code, detail, fields and Retry-After', () => {
    const failure = toFailure(problem(422, 'ENTRY_INVALID', { 'Retry-After': '3' }, [{ field: 'title', message: 'must be 1 to 200 characters' }]));

    expect(failure).toEqual({ status: 422, code: 'ENTRY_INVALID', detail: 'ENTRY_INVALID detail', fields: [{ field: 'title', message: 'must be 1 to 200 characters' }], retryAfterSeconds: 3 });
  });

  it('names a failure without a problem body by its status, and an unreachable server as such', () => {
    expect(toFailure(new HttpErrorResponse({ status: 502, error: 'Bad Gateway' })).code).toBe('HTTP_502');
    expect(toFailure(new HttpErrorResponse({ status: 0 })).code).toBe('NETWORK');
  });

  it('tells suspended, provisioning, stalled, forbidden and unknown tenants apart, and nothing else', () => {
    expect(tenantBlockOf(toFailure(problem(403, 'TENANT_SUSPENDED')))).toBe('suspended');
    expect(tenantBlockOf(toFailure(problem(503, 'TENANT_NOT_READY', { 'Retry-After': '2' })))).toBe('provisioning');
    expect(tenantBlockOf(toFailure(problem(503, 'TENANT_NOT_READY')))).toBe('stalled');
    expect(tenantBlockOf(toFailure(problem(503, 'TENANT_UNAVAILABLE')))).toBe('stalled');
    expect(tenantBlockOf(toFailure(problem(403, 'TENANT_UNAVAILABLE')))).toBe('suspended');
    expect(tenantBlockOf(toFailure(problem(403, 'PERMISSION_DENIED')))).toBe('forbidden');
    expect(tenantBlockOf(toFailure(problem(404, 'TENANT_NOT_FOUND')))).toBe('unknown');
    expect(tenantBlockOf(toFailure(problem(412, 'VERSION_MISMATCH')))).toBeUndefined();
  });
});
