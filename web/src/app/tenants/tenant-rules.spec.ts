// The provisioning form's checks of the Tenant CRD's rules.
import { adminProblems, parseAdmins, tenantRules } from './tenant-rules';

describe('tenant rules', () => {
  it('accepts DNS labels of at most 40 characters starting with a letter, and nothing else', () => {
    const name = new RegExp(tenantRules.namePattern);
    for (const good of ['acme', 'a', 'acme-2', 'a'.repeat(40)]) expect(name.test(good) && good.length <= tenantRules.nameMaxLength, good).toBe(true);
    for (const bad of ['Acme', '2acme', 'acme-', 'ac_me', 'a'.repeat(41)]) expect(name.test(bad) && bad.length <= tenantRules.nameMaxLength, bad).toBe(false);
  });

  it('reads admins one per line or by commas, and names each address that is not one', () => {
    expect(parseAdmins('a@x.io\nb@y.io, a@x.io')).toEqual(['a@x.io', 'b@y.io']);
    expect(adminProblems(['a@x.io', 'nope', 'c@d'])).toEqual(['nope is not an e-mail address', 'c@d is not an e-mail address']);
  });
});
