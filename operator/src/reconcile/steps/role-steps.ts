// Steps `role` and `password`: the tenant's LOGIN role (NOLOGIN while suspended), and, when the Secret turned
// out to hold another password than the role got, the role aligned to the Secret's.
import { failpoint } from '../../failpoints.js';
import { proceed, type Step } from '../recipe.js';
import type { PlacedPass } from '../tenant-pass.js';

const login = (pass: PlacedPass) => pass.placed.tenant.spec.suspended !== true;

/** Uses the Secret's password when the secret step already ran, else the proposed one (the Secret gets it too). */
export const roleStep: Step<PlacedPass> = {
  name: 'role',
  async run(pass) {
    const password = pass.credentials?.password ?? pass.proposedPassword;
    const { storage } = await pass.server();
    await storage.ensureRole(pass.placed.layout, password, login(pass));
    pass.rolePassword = password;
    failpoint('after-role');
    return proceed;
  },
};

/** After the Secret and the role were made at once: an existing Secret's password wins. */
export const passwordAlignmentStep: Step<PlacedPass> = {
  name: 'password',
  when: (pass) => pass.credentials !== undefined && pass.credentials.password !== pass.rolePassword,
  async run(pass) {
    const password = pass.credentials?.password ?? pass.proposedPassword;
    const { storage } = await pass.server();
    await storage.ensureRole(pass.placed.layout, password, login(pass));
    pass.rolePassword = password;
    return proceed;
  },
};
