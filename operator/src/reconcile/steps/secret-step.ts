// Step `secret`: the credentials Secret, created with the pass's proposed password or read back with the one
// it already holds: the Secret is the single source of truth for the password and, after a rotation, the login.
import { failpoint } from '../../failpoints.js';
import { tenantLoginRoles } from '../../postgres/login-roles.js';
import type { CredentialsSecrets } from '../../kube/credentials-secret.js';
import { proceed, type Step } from '../recipe.js';
import { observedCredentials, type PlacedPass } from '../tenant-pass.js';

export function secretStep(secrets: CredentialsSecrets): Step<PlacedPass> {
  return {
    name: 'secret',
    async run(pass) {
      const { placed } = pass;
      const { resource } = await pass.server();
      const connection = {
        host: resource.spec.host, port: resource.spec.port ?? 5432, sslMode: resource.spec.sslMode ?? 'prefer',
        database: placed.layout.database, schema: placed.layout.schema, username: placed.layout.role,
        logins: tenantLoginRoles(placed.layout.role),
      };
      const credentials = await secrets.ensure(placed.tenant, placed.secretName, connection, pass.proposed.password);
      pass.credentials = credentials;
      pass.observed.credentials = observedCredentials(credentials);
      failpoint('after-secret');
      return proceed;
    },
  };
}
