// Everything the full-path suites run against, as real processes: harness, operator, identity provider,
// platform (with a signing key file the tests know), tenants with members, internal tokens from the real exchange.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, importJWK } from 'jose';
import { CLI_CLIENT_ID, DEFAULT_API_AUDIENCE } from '@tenantry/identity';
import type { Environment } from '../environment.js';
import { eventually } from '../eventually.js';
import { startNodeService, type NodeService } from '../node-service.js';
import { sharedEnvironment } from '../shared-environment.js';
import { call } from './http-client.js';
import { startIdentityProcess, type IdentityProcess } from './identity-process.js';
import { createTestDatabase, type TestDatabase } from './master-database.js';
import { ensureDatabaseServer, startOperator, type OperatorProcess } from './operator-process.js';
import { newServiceToken, startPlatform } from './platform-process.js';
import { privateJwk, writeKeySet, type PrivateJwk } from './signing-key-files.js';
import { createTenant, deleteTenant, uniqueTenantName, waitForReady } from './tenants.js';
import { exchangeClientsSetting, exchangeForm, exchangedToken, newExchangeClient } from './token-client.js';
import { demoUser, signIn, trustedIssuer } from './user-tokens.js';

/** Who is a member of what: alice edits A, bob views A, hank edits B. */
export const users = {
  alice: demoUser('alice@acme.example'),
  bob: demoUser('bob@acme.example'),
  hank: demoUser('hank@globex.example'),
};
export type UserName = keyof typeof users;

export interface PlatformStack {
  readonly env: Environment;
  readonly platform: NodeService;
  /** The operator that provisioned the tenants. */
  readonly operator: NodeService;
  /** Pool tier (a…) and silo tier (b…). */
  readonly tenants: { readonly a: string; readonly b: string };
  /** The demo users and their memberships: alice edits a, bob views a, hank edits b. */
  readonly users: typeof users;
  /** The local identity provider users sign in at. */
  readonly identityUrl: string;
  readonly identity: NodeService;
  /** The bearer credential of internal callers (the backend) at the platform. */
  readonly serviceToken: string;
  /** The credentials a gateway uses at the platform's token exchange. */
  readonly exchangeClient: { readonly id: string; readonly secret: string };
  /** A fresh internal token through the real exchange. */
  token(user: UserName, tenant: string, extra?: Record<string, string>): Promise<string>;
  /** Signs an internal token with the platform's own published key: for tokens the platform would never issue. */
  signInternal(claims: Record<string, unknown>, expiresAt: number, issuer?: string): Promise<string>;
  /** The backend as a real process against this stack; stopped with the stack. */
  startBackend(env?: Record<string, string>): Promise<NodeService>;
  /** A gateway in front of `backend`, verifying the identity provider's tokens; stopped with the stack. */
  startGateway(backend: NodeService, env?: Record<string, string>, options?: { readonly port?: number }): Promise<NodeService>;
}

/** A stack started outside of a suite's hooks (shared by several suites), and how to stop it. */
export interface RunningPlatformStack {
  readonly stack: PlatformStack;
  /** `keepLogs`: keep the identity provider's log (a test failed). */
  stop(keepLogs?: boolean): Promise<void>;
}

const defaultMemberships = [
  { user: 'alice', tenant: 'a', role: 'editor' },
  { user: 'bob', tenant: 'a', role: 'viewer' },
  { user: 'hank', tenant: 'b', role: 'editor' },
] as const;

export interface PlatformStackOptions {
  /** More environment for the operator, the platform and every backend, read as each starts (e.g. OTEL_* settings). */
  readonly processEnv?: () => Readonly<Record<string, string>>;
  /** More environment for the identity provider (e.g. IDENTITY_WEB_REDIRECT_URIS). */
  readonly identityEnv?: Readonly<Record<string, string>>;
  /** App clients the platform accepts tokens of, beside the CLI client (e.g. the web client). */
  readonly clientIds?: readonly string[];
  /** The control plane and PostgreSQL to run on; the shared test environment by default (`make bench` brings its own). */
  readonly environment?: Environment;
}

/** Starts everything: the identity provider, the operator, the platform, tenants a and b with their members. */
export async function startPlatformStack(options: PlatformStackOptions = {}): Promise<RunningPlatformStack> {
  const { processEnv = () => ({}), identityEnv = {}, clientIds = [], environment } = options;
  const keysFile = join(tmpdir(), `tenantry-stack-keys-${randomBytes(4).toString('hex')}.json`);
  const signingKey: PrivateJwk = privateJwk('ES256');
  const gateway = newExchangeClient();
  const serviceToken = newServiceToken();
  const tenants = { a: uniqueTenantName('a'), b: uniqueTenantName('b') };
  /** Backends and gateways the suites started, stopped with the stack. */
  const started: NodeService[] = [];
  let env: Environment | undefined;
  let identity: IdentityProcess | undefined;
  let database: TestDatabase | undefined;
  let operator: OperatorProcess | undefined;
  let platform: NodeService | undefined;

  const stop = async (keepLogs = false) => {
    await Promise.all(started.map((service) => service.stop()));
    await platform?.stop();
    await operator?.stop();
    await database?.drop();
    if (env !== undefined) await Promise.all(Object.values(tenants).map((name) => deleteTenant(env!, name).catch(() => undefined)));
    await identity?.stop(keepLogs);
    rmSync(keysFile, { force: true });
  };

  try {
    env = environment ?? await sharedEnvironment();
    identity = await startIdentityProcess({ env: { ...identityEnv } });
    const identityUrl = identity.service.url;
    await ensureDatabaseServer(env);
    await writeKeySet(keysFile, [signingKey]);
    database = await createTestDatabase(env, 'stack_platform');
    operator = await startOperator(env, { env: processEnv() });
    platform = await startPlatform(env, {
      issuer: trustedIssuer(identityUrl), databaseUrl: database.url, serviceToken,
      env: {
        PLATFORM_EXCHANGE_CLIENTS: exchangeClientsSetting(gateway),
        PLATFORM_TOKEN_AUDIENCES: 'tenantry-backend,tenantry-reports',
        PLATFORM_SIGNING_KEYS_FILE: keysFile,
        ...(clientIds.length === 0 ? {} : { PLATFORM_OIDC_CLIENT_IDS: [CLI_CLIENT_ID, ...clientIds].join(',') }),
        ...processEnv(),
      },
    });
    await createTenant(env, tenants.a, { tier: 'pool' });
    await createTenant(env, tenants.b, { tier: 'silo' });
    await Promise.all([waitForReady(env, tenants.a), waitForReady(env, tenants.b)]);
    const admin = await signIn(identityUrl, 'admin@tenantry.dev');
    for (const { user, tenant, role } of defaultMemberships) {
      const added = await call(platform.url, 'POST', `/v1/policy/tenants/${tenants[tenant]}/memberships`,
        { token: admin.accessToken, body: { user: users[user].sub, role } });
      if (added.status !== 201) throw new Error(`adding ${user} to tenant ${tenant} answered ${added.status}: ${JSON.stringify(added.body)}`);
    }
  } catch (error) {
    await stop(true);
    throw error;
  }
  return { stack: makeStack({ environment: env, identity: identity.service, platformService: platform, operatorService: operator, tenants, gateway, serviceToken, signingKey, started, processEnv, clientIds }), stop };
}

/** Registers the suite's hooks (before: start everything; after: stop it) and returns a getter for the stack. */
export function usePlatformStack(options: PlatformStackOptions = {}): () => PlatformStack {
  let running: RunningPlatformStack | undefined;
  let failed = false;

  before(async function () {
    this.timeout(180_000);
    running = await startPlatformStack(options);
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') failed = true;
  });

  after(async function () {
    this.timeout(60_000);
    await running?.stop(failed);
  });

  return () => {
    if (running === undefined) throw new Error('the platform stack is not running (did its before hook fail?)');
    return running.stack;
  };
}

interface StackParts {
  readonly environment: Environment;
  readonly identity: NodeService;
  readonly platformService: NodeService;
  readonly operatorService: NodeService;
  readonly tenants: PlatformStack['tenants'];
  readonly gateway: { readonly id: string; readonly secret: string };
  readonly serviceToken: string;
  readonly signingKey: PrivateJwk;
  readonly started: NodeService[];
  readonly processEnv: () => Readonly<Record<string, string>>;
  readonly clientIds: readonly string[];
}

function makeStack(parts: StackParts): PlatformStack {
  const { environment, identity, platformService, operatorService, tenants, gateway, serviceToken, signingKey, started, processEnv, clientIds } = parts;
  return {
    env: environment,
    platform: platformService,
    operator: operatorService,
    tenants,
    users,
    identityUrl: identity.url,
    identity,
    serviceToken,
    exchangeClient: gateway,
    async token(user, tenant, extra = {}) {
      const { accessToken } = await signIn(identity.url, users[user].email);
      return exchangedToken(platformService.url, gateway, exchangeForm(accessToken, tenant, extra));
    },
    async signInternal(claims, expiresAt, issuer = platformService.url) {
      const key = await importJWK(signingKey, 'ES256');
      return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: signingKey.kid, typ: 'at+jwt' })
        .setIssuer(issuer).setIssuedAt(expiresAt - 60).setExpirationTime(expiresAt).sign(key);
    },
    async startBackend(extraEnv = {}) {
      const backend = await startNodeService({
        name: `backend-${randomBytes(3).toString('hex')}`,
        entry: 'services/backend/src/main.ts',
        logDir: environment.dir,
        portVariable: 'BACKEND_PORT',
        env: {
          BACKEND_HOST: '127.0.0.1',
          BACKEND_PLATFORM_URL: platformService.url,
          BACKEND_PLATFORM_SERVICE_TOKEN: serviceToken,
          BACKEND_TOKEN_ISSUER: platformService.url,
          LOG_LEVEL: 'debug',
          ...processEnv(),
          ...extraEnv,
        },
      });
      started.push(backend);
      await eventually('the backend answers /readyz with 200', async () => (await fetch(`${backend.url}/readyz`)).ok);
      return backend;
    },
    async startGateway(backend, extraEnv = {}, { port } = {}) {
      const gatewayService = await startNodeService({
        name: `gateway-${randomBytes(3).toString('hex')}`, entry: 'services/gateway/src/main.ts', logDir: environment.dir, portVariable: 'GATEWAY_PORT',
        ...(port === undefined ? {} : { port }),
        env: {
          KUBECONFIG: environment.kubeconfigFile, GATEWAY_HOST: '127.0.0.1',
          GATEWAY_OIDC_ISSUER: identity.url, GATEWAY_OIDC_CLIENT_IDS: [CLI_CLIENT_ID, ...clientIds].join(','), GATEWAY_OIDC_AUDIENCE: DEFAULT_API_AUDIENCE,
          GATEWAY_PLATFORM_URL: platformService.url, GATEWAY_BACKEND_URL: backend.url,
          GATEWAY_EXCHANGE_CLIENT_ID: gateway.id, GATEWAY_EXCHANGE_CLIENT_SECRET: gateway.secret,
          ...extraEnv,
        },
      });
      started.push(gatewayService);
      return gatewayService;
    },
  };
}
