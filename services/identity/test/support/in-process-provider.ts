// Starts the provider inside the test process through the package's own factory (startIdentityProvider).
import { Writable } from 'node:stream';
import { createLogger, createMetricsRegistry } from '@tenantry/runtime';
import {
  CLI_CLIENT_ID, DEV_CLIENT_SECRETS, SERVICES_CLIENT_ID, createUserDirectory, defaultClients, demoUsers, generateSigningKeys,
  startIdentityProvider, type RunningIdentityProvider, type StartIdentityProviderOptions,
} from '../../src/index.js';

/** Demo users, default clients, a fresh key, a free port; `options` override any of them. */
export async function startInProcessProvider(options: Partial<StartIdentityProviderOptions> = {}): Promise<RunningIdentityProvider> {
  const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
  return startIdentityProvider({
    port: 0,
    users: await createUserDirectory(demoUsers),
    clients: defaultClients({
      webRedirectUris: ['http://127.0.0.1:8080/auth/callback'],
      cliSecret: DEV_CLIENT_SECRETS[CLI_CLIENT_ID],
      servicesSecret: DEV_CLIENT_SECRETS[SERVICES_CLIENT_ID],
    }),
    keys: await generateSigningKeys(),
    logger: createLogger({ service: 'identity', level: 'error', stream: discard }),
    registry: createMetricsRegistry({ service: 'identity', collectDefault: false }),
    ...options,
  });
}
