// The per-tenant cap on concurrent requests: a tenant at its cap waits, another tenant does not, and a wait too
// long is a 503 with Retry-After.
import { expect } from 'chai';
import { BackendError } from '../../src/backend-error.js';
import { createTenantAdmission } from '../../src/routing/tenant-admission.js';

describe('tenant admission', () => {
  it('holds a tenant at its cap while another tenant goes ahead, and hands a freed place to the waiting request', async () => {
    const admission = createTenantAdmission({ maxPerTenant: 2, waitTimeoutMs: 5_000 });
    const [first, second] = [await admission.admit('a'), await admission.admit('a')];
    let thirdAdmitted = false;
    const third = admission.admit('a').then((release) => {
      thirdAdmitted = true;
      return release;
    });

    // Another tenant is not held up by a's cap
    const other = await admission.admit('b');
    await Promise.resolve();
    expect(thirdAdmitted).to.equal(false);

    // When one of a's requests ends, the waiting one runs in its place
    first();
    (await third)();
    expect(thirdAdmitted).to.equal(true);
    second();
    other();
    expect(admission.busyTenants()).to.equal(0);
  });

  it('answers 503 TENANT_BUSY with Retry-After when the tenant stays at its cap', async () => {
    const admission = createTenantAdmission({ maxPerTenant: 1, waitTimeoutMs: 20 });
    const held = await admission.admit('a');

    const refused = await admission.admit('a').catch((error: unknown) => error);

    expect(refused).to.be.instanceOf(BackendError).and.include({ code: 'TENANT_BUSY', retryAfterSeconds: 1 });
    held();
    // The timed-out waiter left no trace: the next request is admitted at once.
    (await admission.admit('a'))();
    expect(admission.busyTenants()).to.equal(0);
  });

  it('releases a place once however often its release is called', async () => {
    const admission = createTenantAdmission({ maxPerTenant: 1, waitTimeoutMs: 20 });
    const release = await admission.admit('a');

    release();
    release();

    // One place, not two: the second request waits and times out.
    const again = await admission.admit('a');
    const second = await admission.admit('a').then(() => 'admitted', (error: unknown) => (error as BackendError).code);
    expect(second).to.equal('TENANT_BUSY');
    again();
  });
});
