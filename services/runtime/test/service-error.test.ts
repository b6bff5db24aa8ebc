// The one mapping of every service's typed errors to problem+json: a status per kind, the headers it needs.
import { expect } from 'chai';
import { ServiceError, TenantryError, serviceErrorProblem, type ServiceErrorKind } from '../src/index.js';

describe('service errors', () => {
  it('answers each kind with its one status, code and sentence intact', () => {
    const statuses: Record<ServiceErrorKind, number> = {
      'bad-request': 400, unauthenticated: 401, forbidden: 403, 'not-found': 404, conflict: 409,
      'precondition-failed': 412, invalid: 422, 'precondition-required': 428, unavailable: 503,
    };
    for (const [kind, status] of Object.entries(statuses) as Array<[ServiceErrorKind, number]>) {
      const problem = serviceErrorProblem(new ServiceError(kind, 'SOME_CODE', 'tenant acme does not exist'));
      expect(problem.toDocument()).to.include({ status, code: 'SOME_CODE', detail: 'Tenant acme does not exist.' });
    }
  });

  it('challenges a refused bearer token, says when to retry, and names the offending fields', () => {
    expect(serviceErrorProblem(new ServiceError('unauthenticated', 'INVALID_TOKEN', 'the bearer token was refused')).headers)
      .to.deep.equal({ 'WWW-Authenticate': 'Bearer realm="tenantry", error="invalid_token"' });
    expect(serviceErrorProblem(new ServiceError('unavailable', 'STORAGE_UNAVAILABLE', 'later', { retryAfterSeconds: 1.2 })).headers)
      .to.deep.equal({ 'Retry-After': '2' });
    const fields = [{ field: 'title', message: 'required' }];
    expect(serviceErrorProblem(new ServiceError('invalid', 'VALIDATION_FAILED', 'no title', { fields })).toDocument().errors).to.deep.equal(fields);
  });

  it('keeps a cause, so the problem handler logs a dependency failure, and is a TenantryError with a stable code', () => {
    const cause = new Error('connection refused');
    const error = new ServiceError('unavailable', 'STORAGE_UNAVAILABLE', 'storage is unavailable', { cause });
    expect(serviceErrorProblem(error).cause).to.equal(cause);
    expect(error).to.be.instanceOf(TenantryError).and.include({ code: 'STORAGE_UNAVAILABLE', name: 'ServiceError' });
  });
});
