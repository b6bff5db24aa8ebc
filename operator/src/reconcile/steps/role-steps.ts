// Steps `proposal`, `role` and `password`: the SCRAM verifier of a new role's password, the tenant's login (the
// tenant role itself, or since a rotation one of its alternate login roles; NOLOGIN while suspended), and, when
// the Secret turned out to hold another login than the role step gave, the roles aligned to the Secret's.
// Passwords reach PostgreSQL only as verifiers.
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

/**
 * Gives `username` the password and LOGIN (unless suspended). When that is an alternate login role, the tenant
 * role keeps LOGIN only while it is the one retiring after the first rotation, and its password then too.
 */
async function applyLogin(pass: PlacedPass, username: string, password: string): Promise<void> {
  const [{ storage }, verifier] = await Promise.all([pass.server(), verifierOf(pass, password)]);
  const { layout } = pass.placed;
  if (username === layout.role) {
    await storage.ensureRole(layout, verifier, login(pass));
  } else {
    const retiring = pass.credentials?.rotation?.retiring;
    const inGrace = retiring?.username === layout.role && Date.parse(retiring.retiresAt) > Date.now();
    await storage.ensureRole(layout, inGrace ? undefined : null, inGrace && login(pass), login(pass));
    await storage.ensureLoginRole(layout, username, verifier, login(pass));
  }
  pass.roleLogin = { username, password };
}

/** Uses the Secret's login when the secret step already ran, else the tenant role with the proposed password. */
export const roleStep: Step<PlacedPass> = {
  name: 'role',
  async run(pass) {
    await applyLogin(pass, pass.credentials?.username ?? pass.placed.layout.role, pass.credentials?.password ?? pass.proposed.password);
    failpoint('after-role');
    return proceed;
  },
};

/** After the Secret and the role were made at once: an existing Secret's login and password win. */
export const passwordAlignmentStep: Step<PlacedPass> = {
  name: 'password',
  when: (pass) => pass.credentials !== undefined
    && (pass.credentials.password !== pass.roleLogin?.password || pass.credentials.username !== pass.roleLogin.username),
  async run(pass) {
    const { username, password } = pass.credentials!;
    await applyLogin(pass, username, password);
    return proceed;
  },
};
