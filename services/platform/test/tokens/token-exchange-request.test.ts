// Reading a token exchange request from its form: OAuth's parameter rules and error codes.
import { expect } from 'chai';
import { OAuthError } from '../../src/tokens/token-errors.js';
import { readTokenExchangeRequest } from '../../src/tokens/token-exchange-request.js';
import { accessTokenType, jwtTokenType, tokenExchangeGrant } from '@tenantry/harness';

const base = { grant_type: tokenExchangeGrant, subject_token: 'eyJ.subject.token', subject_token_type: accessTokenType };

function refusal(form: unknown): OAuthError {
  try {
    readTokenExchangeRequest(form);
  } catch (error) {
    if (error instanceof OAuthError) return error;
    throw error;
  }
  throw new Error('the request was accepted');
}

describe('token exchange request', function () {
  it('takes the tenant from a resource indicator or a tenant parameter, and the optional audience and ID token', () => {
    expect(readTokenExchangeRequest({ ...base, resource: 'urn:tenantry:tenant:acme' }))
      .to.deep.equal({ subjectToken: 'eyJ.subject.token', tenant: 'acme' });
    expect(readTokenExchangeRequest({ ...base, subject_token_type: jwtTokenType, tenant: 'acme', resource: 'urn:tenantry:tenant:acme', audience: 'reports', id_token: 'id' }))
      .to.deep.equal({ subjectToken: 'eyJ.subject.token', tenant: 'acme', audience: 'reports', idToken: 'id' });
  });

  it('treats parameters without a value as omitted and ignores unknown ones', () => {
    expect(readTokenExchangeRequest({ ...base, tenant: 'acme', audience: '', scope: '', client_id: 'x', extra: 'y' }))
      .to.deep.equal({ subjectToken: 'eyJ.subject.token', tenant: 'acme' });
  });

  it('answers unsupported_grant_type for another grant, and invalid_request for a missing one', () => {
    expect(refusal({ ...base, grant_type: 'password', tenant: 'acme' }).error).to.equal('unsupported_grant_type');
    expect(refusal({ subject_token: 'x', tenant: 'acme' }).message).to.equal('the grant_type parameter is missing');
  });

  it('answers invalid_request for a missing or malformed parameter, naming it', () => {
    const cases: [Record<string, unknown> | undefined, string][] = [
      [undefined, 'the request body must be application/x-www-form-urlencoded'],
      [{ ...base, subject_token: '', tenant: 'acme' }, 'missing or invalid parameter: subject_token'],
      [{ ...base, subject_token_type: 'urn:x', tenant: 'Acme!' }, 'missing or invalid parameters: subject_token_type, tenant'],
      [{ ...base, tenant: ['acme', 'globex'] }, 'the tenant parameter is repeated'],
      [{ ...base }, 'the tenant is missing: send resource=urn:tenantry:tenant:<name> or tenant=<name>'],
      [{ ...base, tenant: 'acme', resource: 'urn:tenantry:tenant:globex' }, 'resource and tenant name different tenants'],
      [{ ...base, tenant: 'acme', actor_token: 'x' }, 'delegation (actor_token) is not supported'],
    ];
    for (const [form, description] of cases) {
      const error = refusal(form);
      expect([error.error, error.message], JSON.stringify(form)).to.deep.equal(['invalid_request', description]);
      expect(error.status).to.equal(400);
    }
  });

  it('answers invalid_target for a resource that names no tenant', () => {
    for (const resource of ['https://api.example', 'urn:tenantry:tenant:', 'urn:tenantry:tenant:Not_A_Name']) {
      expect(refusal({ ...base, resource }).error, resource).to.equal('invalid_target');
    }
  });
});
