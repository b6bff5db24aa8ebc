// Steps `proposal`, `role` and `password`: the SCRAM verifier of a new role's password, the tenant's LOGIN role
// (NOLOGIN while suspended), and, when the Secret turned out to hold another password than the role got, the
// role aligned to the Secret's. Passwords reach PostgreSQL only as verifiers.
import { failpoint } from '../../failpoints.js';
import { scramSha256Verifier } from '../../postgres/scram-verifier.js';
import { proceed, type Step } from '../recipe.js';
import type { PlacedPass, TenantPass } from '../tenant-pass.js';

const login = (pass: PlacedPass) => pass.placed.tenant.spec.suspended !== true;

/** Hashing takes milliseconds of CPU: done ahead, while something else waits on the network. */
export const proposalStep: Step<TenantPass> = {
  name: 'proposal',
  async run(pass) {
    await pass.proposed.verifier();
    return proceed;
  },
};

const verifierOf = (pass: PlacedPass, password: string) =>
  (password === pass.proposed.password ? pass.proposed.verifier() : scramSha256Verifier(password));

/** Uses the Secret's password when the secret step already ran, else the proposed one (the Secret gets it too). */
export const roleStep: Step<PlacedPass> = {
  name: 'role',
  async run(pass) {
    const password = pass.credentials?.password ?? pass.proposed.password;
    const [{ storage }, verifier] = await Promise.all([pass.server(), verifierOf(pass, password)]);
    await storage.ensureRole(pass.placed.layout, verifier, login(pass));
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
    const password = pass.credentials?.password ?? pass.proposed.password;
    const [{ storage }, verifier] = await Promise.all([pass.server(), verifierOf(pass, password)]);
    await storage.ensureRole(pass.placed.layout, verifier, login(pass));
    pass.rolePassword = password;
    return proceed;
  },
};
