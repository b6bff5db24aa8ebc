// Steps `retirement` and `rotation`: credential rotation by alternating login roles. A rotation gives the other
// login role a fresh password and LOGIN, then switches the Secret to it in one write; the previous login keeps
// working for the grace period, so a consumer that has not read the Secret again yet still logs in. Then the
// retirement takes its LOGIN away and ends its sessions.
import type { CredentialsSecrets, Credentials } from '../../kube/credentials-secret.js';
import { nextLoginRole } from '../../postgres/login-roles.js';
import { proposePassword } from '../../postgres/scram-verifier.js';
import { proceed, requeueAfter, type Step } from '../recipe.js';
import { gracePeriodMs, requestedRotation, retirementDue, rotationDue } from '../rotation-schedule.js';
import { observedCredentials, type PlacedPass } from '../tenant-pass.js';

const suspended = (pass: PlacedPass) => pass.placed.tenant.spec.suspended === true;

/** The Secret's credentials: read by the secret step when it ran in this pass, else read now. */
async function currentCredentials(pass: PlacedPass, secrets: CredentialsSecrets): Promise<Credentials> {
  if (pass.credentials) return pass.credentials;
  const credentials = await secrets.read(pass.placed.secretName);
  if (!credentials) throw new Error(`the credentials Secret ${pass.placed.secretName} is missing or incomplete`);
  pass.credentials = credentials;
  return credentials;
}

function observe(pass: PlacedPass, credentials: Credentials): void {
  pass.credentials = credentials;
  pass.roleLogin = { username: credentials.username, password: credentials.password };
  pass.observed.credentials = observedCredentials(credentials);
}

export function retirementStep(secrets: CredentialsSecrets, now: () => Date): Step<PlacedPass> {
  return {
    name: 'retirement',
    when: (pass) => retirementDue(pass.credentials?.rotation?.retiring ?? pass.placed.tenant.status?.credentials?.retiring, now()),
    async run(pass) {
      const credentials = await currentCredentials(pass, secrets);
      const retiring = credentials.rotation?.retiring;
      if (retiring !== undefined && retiring.username !== credentials.username) {
        const { storage } = await pass.server();
        await storage.retireLoginRole(retiring.username);
      }
      const { retiring: _retired, ...rotation } = credentials.rotation ?? {};
      observe(pass, retiring === undefined ? credentials : await secrets.rotate(pass.placed.tenant, pass.placed.secretName, { ...credentials, rotation }));
      return proceed;
    },
  };
}

export function rotationStep(secrets: CredentialsSecrets, now: () => Date): Step<PlacedPass> {
  return {
    name: 'rotation',
    when: (pass) => !suspended(pass) && rotationDue(pass.placed.tenant, now()),
    async run(pass) {
      const { tenant, layout, secretName } = pass.placed;
      const credentials = await currentCredentials(pass, secrets);
      const request = requestedRotation(tenant);
      // A pass that rotated and then failed to write the status: the Secret says what was done.
      if (alreadyRotated(credentials, request, pass, now())) {
        observe(pass, credentials);
        return proceed;
      }
      const retiring = credentials.rotation?.retiring;
      if (retiring !== undefined && retiring.username !== credentials.username) {
        // The next login role would be the one still retiring: its consumers keep their grace period.
        const waitMs = Math.max(1_000, Date.parse(retiring.retiresAt) - now().getTime());
        return requeueAfter(waitMs, 'RotationWaiting', `rotation waits for ${retiring.username} to retire at ${retiring.retiresAt}`);
      }
      const username = nextLoginRole(layout.role, credentials.username);
      const proposed = proposePassword();
      const { storage } = await pass.server();
      // LOGIN and password first: by the time a consumer reads the new Secret, its login works.
      await storage.ensureLoginRole(layout, username, await proposed.verifier(), true);
      const at = now();
      const rotated = await secrets.rotate(tenant, secretName, {
        ...credentials, username, password: proposed.password,
        rotation: {
          rotatedAt: at.toISOString(), ...(request ? { request } : credentials.rotation?.request ? { request: credentials.rotation.request } : {}),
          retiring: { username: credentials.username, retiresAt: new Date(at.getTime() + gracePeriodMs(tenant)).toISOString() },
        },
      });
      observe(pass, rotated);
      return proceed;
    },
  };
}

/** The Secret already records this request, or a scheduled rotation newer than the status knows. */
function alreadyRotated(credentials: Credentials, request: string | undefined, pass: PlacedPass, now: Date): boolean {
  const rotation = credentials.rotation;
  if (request !== undefined) return rotation?.request === request;
  const known = pass.placed.tenant.status?.credentials?.rotatedAt;
  return rotation?.rotatedAt !== undefined && rotation.rotatedAt !== known && Date.parse(rotation.rotatedAt) <= now.getTime();
}
