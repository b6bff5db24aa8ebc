// Tests for ProblemError, its factories and body validation (no HTTP here; see problem-handler.test.ts).
import { expect } from 'chai';
import { z } from 'zod';
import {
  ProblemError,
  TenantryError,
  badRequest,
  conflict,
  fieldPath,
  forbidden,
  notFound,
  preconditionFailed,
  serviceUnavailable,
  tooManyRequests,
  unauthorized,
  unprocessable,
  validateBody,
  validateQuery,
} from '../src/index.js';

function thrownBy(fn: () => unknown): ProblemError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(ProblemError);
    return error as ProblemError;
  }
  throw new Error('expected a ProblemError, nothing was thrown');
}

describe('problem factories', () => {
  it('give each problem its status, reason-phrase title, stable code and about:blank type', () => {
    const problems = [
      badRequest('b'),
      unauthorized('u'),
      forbidden('f'),
      notFound('n'),
      conflict('c'),
      preconditionFailed('p'),
      unprocessable('x', []),
      tooManyRequests('t', 1),
      serviceUnavailable('s'),
    ];

    expect(problems.map((p) => [p.status, p.code, p.title])).to.deep.equal([
      [400, 'BAD_REQUEST', 'Bad Request'],
      [401, 'UNAUTHORIZED', 'Unauthorized'],
      [403, 'FORBIDDEN', 'Forbidden'],
      [404, 'NOT_FOUND', 'Not Found'],
      [409, 'CONFLICT', 'Conflict'],
      [412, 'PRECONDITION_FAILED', 'Precondition Failed'],
      [422, 'UNPROCESSABLE', 'Unprocessable Entity'],
      [429, 'TOO_MANY_REQUESTS', 'Too Many Requests'],
      [503, 'SERVICE_UNAVAILABLE', 'Service Unavailable'],
    ]);
    for (const p of problems) {
      expect(p).to.be.instanceOf(TenantryError);
      expect(p.type).to.equal('about:blank');
      expect(p.message).to.equal(p.detail);
    }
  });

  it('carry the headers the status needs', () => {
    expect(unauthorized('expired', { wwwAuthenticate: 'Bearer error="invalid_token"' }).headers).to.deep.equal({
      'WWW-Authenticate': 'Bearer error="invalid_token"',
    });
    expect(tooManyRequests('slow down', 2.2).headers).to.deep.equal({ 'Retry-After': '3' });
    expect(serviceUnavailable('provisioning', 5).headers).to.deep.equal({ 'Retry-After': '5' });
    expect(serviceUnavailable('down').headers).to.deep.equal({});
  });

  it('accept their own code, type, title and extension members', () => {
    const problem = serviceUnavailable('Tenant acme is being provisioned.', 5, {
      code: 'TENANT_PROVISIONING',
      type: 'https://tenantry.dev/problems/tenant-provisioning',
      title: 'Tenant not ready',
      extensions: { tenant: 'acme', phase: 'Migrating' },
    });

    expect(problem.toDocument('/api/entries')).to.deep.equal({
      tenant: 'acme',
      phase: 'Migrating',
      type: 'https://tenantry.dev/problems/tenant-provisioning',
      title: 'Tenant not ready',
      status: 503,
      detail: 'Tenant acme is being provisioned.',
      code: 'TENANT_PROVISIONING',
      instance: '/api/entries',
    });
  });

  it('never let extension members replace the standard ones', () => {
    const problem = conflict('Entry changed.', { extensions: { status: 200, detail: 'fine', version: 7 } });

    expect(problem.toDocument()).to.deep.include({ status: 409, detail: 'Entry changed.', version: 7 });
  });

  it('list field errors in the document', () => {
    const problem = unprocessable('Cannot archive.', [{ field: 'status', message: 'already archived' }]);

    expect(problem.toDocument().errors).to.deep.equal([{ field: 'status', message: 'already archived' }]);
  });
});

describe('validateBody', () => {
  const entrySchema = z.object({
    title: z.string().min(1),
    tags: z.array(z.string().max(5)).default([]),
    owner: z.object({ email: z.email() }),
  });

  it('returns the parsed, typed body when it is valid', () => {
    const body = validateBody(entrySchema, { title: 'Hello', owner: { email: 'a@example.com' } });

    expect(body).to.deep.equal({ title: 'Hello', tags: [], owner: { email: 'a@example.com' } });
  });

  it('throws a 400 problem with one entry per issue, naming the field path', () => {
    const problem = thrownBy(() =>
      validateBody(entrySchema, { title: '', tags: ['ok', 'too-long'], owner: { email: 'nope' } }),
    );

    expect(problem.status).to.equal(400);
    expect(problem.code).to.equal('VALIDATION_FAILED');
    expect(problem.detail).to.equal('The request body is invalid.');
    expect(problem.errors?.map((e) => e.field)).to.deep.equal(['title', 'tags[1]', 'owner.email']);
    for (const error of problem.errors ?? []) expect(error.message).to.be.a('string').and.not.equal('');
  });

  it('reports a missing body against the root', () => {
    const problem = thrownBy(() => validateBody(entrySchema, undefined));

    expect(problem.errors).to.have.length(1);
    expect(problem.errors?.[0]?.field).to.equal('(root)');
  });

  it('refuses a NUL character in any string, keys included, naming each field: PostgreSQL text cannot hold one', () => {
    const problem = thrownBy(() =>
      validateBody(entrySchema, { title: 'a\u0000b', tags: ['ok', '\u0000'], owner: { email: 'a@example.com', ['no\u0000te']: 'x' } }),
    );

    expect(problem.status).to.equal(400);
    expect(problem.errors?.map((e) => e.field)).to.deep.equal(['title', 'tags[1]', 'owner.no\u0000te']);
    expect(problem.errors?.[0]?.message).to.equal('must not contain the NUL character (U+0000)');
  });
});

describe('validateQuery', () => {
  it('refuses a NUL character in a parameter, also one given twice', () => {
    const schema = z.object({ q: z.string().optional(), tag: z.array(z.string()).optional() });

    const problem = thrownBy(() => validateQuery(schema, { q: 'x\u0000', tag: ['a', 'b\u0000'] }));
    expect(problem.errors?.map((e) => e.field)).to.deep.equal(['q', 'tag[1]']);
  });

  it('validates and coerces query parameters', () => {
    const schema = z.object({ limit: z.coerce.number().int().max(100).default(20) });

    expect(validateQuery(schema, { limit: '50' })).to.deep.equal({ limit: 50 });
    const problem = thrownBy(() => validateQuery(schema, { limit: '500' }));
    expect(problem.detail).to.equal('The query string is invalid.');
    expect(problem.errors?.[0]?.field).to.equal('limit');
  });
});

describe('fieldPath', () => {
  it('writes object keys with dots and array indexes in brackets', () => {
    expect(fieldPath(['items', 0, 'name'])).to.equal('items[0].name');
    expect(fieldPath([0, 'id'])).to.equal('[0].id');
    expect(fieldPath([])).to.equal('(root)');
  });
});
