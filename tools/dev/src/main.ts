// `make dev`: brings up the local platform — control plane (or the cluster KUBECONFIG names),
// PostgreSQL, the CRDs, the operator and the sample tenants — prints where everything is, and stays
// in the foreground until Ctrl-C, cleaning up on the way out.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_API_AUDIENCE, demoUsers } from '@tenantry/identity';
import {
  ensureDatabase, freePort, installCrds, registerDatabaseServer, repositoryRoot, startEnvironment, startNodeService, tailOf, webBuildDir,
  type Environment, type NodeService,
} from '@tenantry/harness';

const write = (line = '') => process.stdout.write(`${line}\n`);
const namespace = 'tenantry-system';
const samples = ['tenant-pool.yaml', 'tenant-silo.yaml'].map((file) => join(repositoryRoot, 'crds', 'samples', file));

async function main(): Promise<void> {
  const external = process.env['KUBECONFIG'];
  if (external && !existsSync(external)) throw new Error(`KUBECONFIG names ${external}, which does not exist`);
  write(external ? `dev: using the cluster from KUBECONFIG=${external}; starting PostgreSQL…` : 'dev: starting the local control plane and PostgreSQL…');
  const env = await startEnvironment({
    keepDir: true,
    ...(external ? { externalKubeconfig: external } : {}),
    onProgress: (line) => write(`dev:   ${line}`),
  });
  const services: NodeService[] = [];
  let stopping = false;
  const started = (service: NodeService): NodeService => {
    void service.process.exited.then((code) => {
      if (!stopping) announceExit(service, code);
    });
    return service;
  };
  try {
    write('dev: installing the CRDs and registering PostgreSQL as DatabaseServer "local"…');
    await installCrds(env);
    await registerDatabaseServer(env, { name: 'local', namespace, capacity: 500 });
    // The gateway serves the web app; its origin must be a redirect URI of the web client before the provider starts.
    const gatewayPort = await freePort();
    const webUrl = `http://127.0.0.1:${gatewayPort}`;
    write('dev: starting the identity provider (stands in for Cognito)…');
    services.push(started(await startNodeService({
      name: 'identity', entry: 'services/identity/src/main.ts', logDir: env.dir, portVariable: 'IDENTITY_PORT',
      // ng serve (make web-dev) signs in from localhost:4200.
      env: { LOG_FORMAT: 'pretty', IDENTITY_WEB_REDIRECT_URIS: `${webUrl}/auth/callback,http://localhost:4200/auth/callback` },
    })));
    const identity = services[0]!;
    const serviceToken = randomBytes(24).toString('base64url');
    // The gateway's credentials for the token exchange.
    const exchangeClient = `tenantry-gateway:${randomBytes(24).toString('base64url')}`;
    write('dev: starting the platform service…');
    services.push(started(await startNodeService({
      name: 'platform', entry: 'services/platform/src/main.ts', logDir: env.dir, portVariable: 'PLATFORM_PORT',
      env: {
        KUBECONFIG: env.kubeconfigFile, PLATFORM_HOST: '127.0.0.1',
        PLATFORM_DATABASE_URL: await ensureDatabase(env.postgres, 'tenantry_platform'),
        PLATFORM_OIDC_ISSUER: identity.url, PLATFORM_OIDC_CLIENT_IDS: 'tenantry-web,tenantry-cli',
        // The local provider's access tokens carry an audience; Cognito's carry none (leave it unset there).
        PLATFORM_OIDC_AUDIENCE: DEFAULT_API_AUDIENCE,
        PLATFORM_SERVICE_TOKEN: serviceToken, PLATFORM_EXCHANGE_CLIENTS: exchangeClient,
        PLATFORM_TENANT_SECRETS_NAMESPACE: namespace, LOG_FORMAT: 'pretty',
        // Webhooks on, to receivers on this machine: the master database is new each run, and so is the key sealing
        // the subscriptions' signing secrets in it.
        PLATFORM_WEBHOOK_SECRETS_KEY: randomBytes(32).toString('base64'), PLATFORM_WEBHOOK_ALLOW_HTTP: 'true', PLATFORM_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
      },
    })));
    const platform = services[1]!;
    write('dev: starting the backend and the gateway…');
    const backend = started(await startNodeService({
      name: 'backend', entry: 'services/backend/src/main.ts', logDir: env.dir, portVariable: 'BACKEND_PORT',
      env: {
        BACKEND_HOST: '127.0.0.1', BACKEND_PLATFORM_URL: platform.url, BACKEND_PLATFORM_SERVICE_TOKEN: serviceToken,
        // The platform names itself as the issuer of internal tokens when PLATFORM_TOKEN_ISSUER is unset.
        BACKEND_TOKEN_ISSUER: platform.url, LOG_FORMAT: 'pretty',
      },
    }));
    services.push(backend);
    const [exchangeClientId, exchangeClientSecret] = exchangeClient.split(':') as [string, string];
    services.push(started(await startNodeService({
      name: 'gateway', entry: 'services/gateway/src/main.ts', logDir: env.dir, portVariable: 'GATEWAY_PORT', port: gatewayPort,
      env: {
        GATEWAY_WEB_ROOT: webBuildDir,
        KUBECONFIG: env.kubeconfigFile, GATEWAY_HOST: '127.0.0.1',
        GATEWAY_OIDC_ISSUER: identity.url, GATEWAY_OIDC_CLIENT_IDS: 'tenantry-web,tenantry-cli', GATEWAY_OIDC_AUDIENCE: DEFAULT_API_AUDIENCE,
        GATEWAY_PLATFORM_URL: platform.url, GATEWAY_BACKEND_URL: backend.url,
        GATEWAY_EXCHANGE_CLIENT_ID: exchangeClientId, GATEWAY_EXCHANGE_CLIENT_SECRET: exchangeClientSecret, LOG_FORMAT: 'pretty',
      },
    })));
    write('dev: starting the operator…');
    services.push(started(await startNodeService({
      name: 'operator', entry: 'operator/src/main.ts', logDir: env.dir, portVariable: 'OPERATOR_HTTP_PORT',
      env: {
        KUBECONFIG: env.kubeconfigFile, OPERATOR_NAMESPACE: namespace, OPERATOR_HTTP_HOST: '127.0.0.1',
        TENANT_MIGRATIONS_DIR: join(repositoryRoot, 'migrations', 'tenant'), LOG_FORMAT: 'pretty',
      },
    })));
    const applied = await env.kubectl(['apply', ...samples.flatMap((file) => ['-f', file])]);
    if (applied.code !== 0) throw new Error(`could not apply the sample tenants: ${applied.stderr.trim()}`);
    write('dev: waiting for the sample tenants to be Ready…');
    const ready = await env.kubectl(['wait', 'tenants', 'acme', 'globex', '--for=condition=Ready', '--timeout=60s']);
    write(ready.code === 0 ? ready.stdout.trim().replace(/^/gm, 'dev:   ') : `dev:   not Ready yet: ${ready.stderr.trim()}`);
    printSummary(env, services, { serviceToken, exchangeClient, webUrl });
    await untilInterrupted();
  } finally {
    stopping = true;
    write('\ndev: stopping…');
    await Promise.all(services.map((service) => service.stop()));
    await env.stop();
    write(`dev: stopped (logs kept in ${env.dir})`);
  }
}

function printSummary(env: Environment, services: readonly NodeService[], secrets: { serviceToken: string; exchangeClient: string; webUrl: string }): void {
  write();
  write('Tenantry is running locally.');
  write(`  web app          ${secrets.webUrl}   (sign in with a demo login below; make web-dev: TENANTRY_GATEWAY_URL=${secrets.webUrl})`);
  for (const user of demoUsers) {
    write(`    ${user.email.padEnd(22)} ${user.password.padEnd(18)} ${[user.tenantId ? `tenant ${user.tenantId}` : 'no tenant', ...user.groups].join(', ')}`);
  }
  write(`  Kubernetes API   ${env.apiServerUrl}${env.ownsControlPlane ? '' : ' (from KUBECONFIG)'}`);
  write(`  kubeconfig       export KUBECONFIG=${env.kubeconfigFile}`);
  write(`  kubectl          ${join(repositoryRoot, '.tools', 'bin', 'kubectl')} get tenants`);
  write(`  PostgreSQL       ${env.postgres.url}`);
  for (const service of services) {
    write(`  ${service.name.padEnd(16)} ${service.url}  (/metrics, /healthz, /readyz; log ${join(env.dir, `${service.name}.log`)})`);
  }
  write(`  sample tenants   acme (pool), globex (silo): credentials in Secrets tenant-<name>-db, namespace ${namespace}`);
  const identity = services.find((service) => service.name === 'identity');
  if (identity) {
    write(`  OIDC issuer      ${identity.url}  (discovery: ${identity.url}/.well-known/openid-configuration)`);
    write('  demo logins      the ones above (web client tenantry-web; tenantry-cli accepts grant_type=password)');
  }
  const platform = services.find((service) => service.name === 'platform')?.url ?? '';
  write(`  platform API     ${platform}/openapi.json  (service token for /internal: ${secrets.serviceToken})`);
  write(`  token exchange   POST ${platform}/oauth2/token  (client ${secrets.exchangeClient}; JWKS ${platform}/.well-known/jwks.json)`);
  const gateway = services.find((service) => service.name === 'gateway')?.url ?? '';
  write(`  entries API      ${gateway}/api/entries  (through the gateway: Authorization: Bearer <access token>, X-Tenant-Id: acme)`);
  write(`  logs and data    ${env.dir}`);
  write();
  write('Stop with Ctrl-C.');
}

/** A process of the platform died under `make dev`: said in a banner nobody can miss, with the end of its log. */
function announceExit(service: NodeService, code: number | null): void {
  const red = process.stderr.isTTY ? ['\u001b[1;31m', '\u001b[0m'] : ['', ''];
  const rule = '!'.repeat(78);
  process.stderr.write(`\n${red[0]}${rule}\ndev: ${service.name} EXITED (${code === null ? 'killed by a signal' : `exit code ${code}`}); `
    + `what depends on it is down.\ndev: the end of its log, ${service.process.logFile}:${red[1]}\n${tailOf(service.process.logFile, 20)}\n`
    + `${red[0]}dev: fix it and restart make dev (Ctrl-C stops the rest).\n${rule}${red[1]}\n\n`);
}

function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`dev: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
