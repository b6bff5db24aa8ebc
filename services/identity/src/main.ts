// Entry point of the local identity provider: config → users, clients, keys → provider → HTTP server.
import { createLogger, createMetricsRegistry, onShutdown, startTelemetry } from '@tenantry/runtime';
import { loadIdentityConfig } from './config.js';
import { demoUsers } from './demo-users.js';
import { startIdentityProvider } from './identity-provider.js';
import { defaultClients, loadClientDefinitions } from './oidc-clients.js';
import { loadSigningKeys } from './signing-keys.js';
import { createUserDirectory, loadUsersFile } from './user-directory.js';

async function main(): Promise<void> {
  const config = loadIdentityConfig();
  const logger = createLogger({ service: 'identity', level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  const telemetry = await startTelemetry({ service: 'identity', logger });
  // Registered first, so it runs last: the spans of the shutdown itself are exported too.
  onShutdown(() => telemetry.shutdown(), { logger, name: 'telemetry' });
  const registry = createMetricsRegistry({ service: 'identity' });

  const usersFile = config.IDENTITY_USERS_FILE;
  const [users, clients, keys] = await Promise.all([
    usersFile === undefined ? createUserDirectory(demoUsers) : loadUsersFile(usersFile).then(createUserDirectory),
    loadClientDefinitions({ json: config.IDENTITY_CLIENTS, file: config.IDENTITY_CLIENTS_FILE }).then((defined) => defined ?? defaultClients({
      webRedirectUris: config.IDENTITY_WEB_REDIRECT_URIS,
      cliSecret: config.IDENTITY_CLI_CLIENT_SECRET,
      servicesSecret: config.IDENTITY_SERVICES_CLIENT_SECRET,
    })),
    loadSigningKeys(config.IDENTITY_KEYS_FILE),
  ]);
  if (keys.source === 'generated') logger.info('signing key generated', { kid: keys.kids[0], alg: 'RS256' });
  else logger.info('signing keys loaded', { kids: keys.kids, file: config.IDENTITY_KEYS_FILE });

  const accessTokenTtlSeconds = config.IDENTITY_ACCESS_TOKEN_TTL / 1000;
  const identity = await startIdentityProvider({
    port: config.IDENTITY_PORT,
    host: config.IDENTITY_HOST,
    ...(config.IDENTITY_ISSUER === undefined ? {} : { issuer: config.IDENTITY_ISSUER }),
    users,
    clients,
    keys,
    apiAudience: config.IDENTITY_API_AUDIENCE,
    accessTokenTtlSeconds,
    logger,
    registry,
  });
  logger.info('identity provider started', {
    issuer: identity.issuer,
    url: identity.url,
    users: users.size,
    usersSource: usersFile === undefined ? 'demo users' : usersFile,
    clients: clients.map((client) => client.clientId),
    audience: config.IDENTITY_API_AUDIENCE,
    // Not "accessTokenTtlSeconds": the logger redacts every field whose name mentions a token.
    accessLifetimeSeconds: accessTokenTtlSeconds,
  });

  onShutdown(() => identity.close(), { logger, name: 'identity http server' });
}

main().catch((error: unknown) => {
  process.stderr.write(`identity: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
