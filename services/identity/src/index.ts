// Public API of @tenantry/identity: the demo users `make dev` prints and the provider factory tests start.
export { demoUsers } from './demo-users.js';
export type { DemoUser } from './demo-users.js';
export {
  createIdentityProvider, startIdentityProvider,
} from './identity-provider.js';
export type {
  IdentityProvider, IdentityProviderOptions, RunningIdentityProvider, StartIdentityProviderOptions,
} from './identity-provider.js';
export { DEFAULT_API_AUDIENCE } from './api-resource.js';
export { GROUPS_CLAIM, TENANT_ID_CLAIM } from './cognito-claims.js';
export {
  CLI_CLIENT_ID, DEV_CLIENT_SECRETS, SERVICES_CLIENT_ID, SERVICES_SCOPE, USER_SCOPES, WEB_CLIENT_ID,
  defaultClients, loadClientDefinitions,
} from './oidc-clients.js';
export type { ClientDefinition, DefaultClientOptions } from './oidc-clients.js';
export { PASSWORD_GRANT_TYPE } from './password-grant.js';
export { hashPassword, verifyPassword } from './password-hash.js';
export { generateSigningKeys, loadSigningKeys } from './signing-keys.js';
export type { SigningKeys } from './signing-keys.js';
export { createUserDirectory, loadUsersFile } from './user-directory.js';
export type { UserDefinition, UserDirectory, UserRecord } from './user-directory.js';
export { identityConfigSchema, loadIdentityConfig } from './config.js';
export type { IdentityConfig } from './config.js';
