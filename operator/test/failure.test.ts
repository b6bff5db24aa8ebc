// The transient-vs-stalled split: what a retry can fix reads Reconciling, what needs a human reads Stalled.
import { expect } from 'chai';
import { DatabaseServerError } from '../src/postgres/database-servers.js';
import { MigrationFailedError } from '../src/postgres/tenant-migrations.js';
import { classifyFailure } from '../src/reconcile/failure.js';
import { PlacementError } from '../src/reconcile/placement.js';

const sqlError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('failure classification', () => {
  it('retries what the world may fix: an unreachable server, a lost connection, a racing catalog update, an API error', () => {
    const transient = [
      new DatabaseServerError('SERVER_UNREACHABLE', 'DatabaseServer alpha is unreachable'),
      sqlError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      sqlError('57P01', 'terminating connection due to administrator command'),
      sqlError('XX000', 'tuple concurrently updated'),
      Object.assign(new Error('etcdserver: request timed out'), { code: 500 }),
    ].map((error) => classifyFailure(error, 'alpha'));
    expect(transient.map((failure) => [failure.transient, failure.reason])).to.deep.equal([
      [true, 'DatabaseUnreachable'], [true, 'DatabaseUnreachable'], [true, 'DatabaseUnreachable'], [true, 'ConcurrentCatalogUpdate'], [true, 'KubernetesApiError'],
    ]);
    expect(transient[1]?.message).to.equal('cannot reach alpha: connect ECONNREFUSED 127.0.0.1:5432');
  });

  it('stalls on what needs a human: a failing migration, an impossible placement, missing credentials, an SQL error', () => {
    const stalled = [
      new MigrationFailedError('tenant migration failed: syntax error', { cause: undefined }),
      new PlacementError('no reachable DatabaseServer has free capacity'),
      new DatabaseServerError('CREDENTIALS_UNAVAILABLE', 'no "password" key'),
      sqlError('42501', 'permission denied to create role'),
    ].map((error) => classifyFailure(error, 'alpha'));
    expect(stalled.map((failure) => [failure.transient, failure.reason])).to.deep.equal([
      [false, 'MigrationFailed'], [false, 'PlacementFailed'], [false, 'CredentialsUnavailable'], [false, 'ProvisioningFailed'],
    ]);
  });

  it('gives operator errors stable codes from the one error base', () => {
    expect(new PlacementError('x')).to.include({ code: 'PLACEMENT_FAILED', name: 'PlacementError' });
    expect(new MigrationFailedError('x', { cause: undefined })).to.include({ code: 'MIGRATION_FAILED', name: 'MigrationFailedError' });
    expect(new DatabaseServerError('SERVER_NOT_FOUND', 'x')).to.include({ code: 'SERVER_NOT_FOUND', name: 'DatabaseServerError' });
  });
});
