// `make soak`: the whole platform under steady load with churn, bounded in time (SOAK_SECONDS, 600). 200 clients
// (SOAK_CLIENTS) across 50 pool tenants (SOAK_TENANTS), each a user of its own, write, list, read and change entries
// through the gateway while other tenants are created and deleted and the loaded ones suspended and resumed. It
// fails on any 5xx but a documented 503, on a request the processes did not answer, on memory that keeps growing,
// and on any acknowledged write missing from PostgreSQL at the end.
import { randomBytes, randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { demoUsers } from '@tenantry/identity';
import {
  call, createTenant, deleteTenant, readTenant, signIn, startEnvironment, startPlatformStack, uniqueTenantName, waitForReady,
  type NodeService,
} from '@tenantry/harness';
import { memory } from './process-usage.js';

const seconds = Number(process.env['SOAK_SECONDS'] ?? 600);
const clientCount = Number(process.env['SOAK_CLIENTS'] ?? 200);
const tenantCount = Number(process.env['SOAK_TENANTS'] ?? 50);
/** Memory is flat when the last sample is within this of the one taken once the load had warmed up. */
const growthBound = { ratio: 1.25, slackMb: 32 };

interface SoakUser { readonly name: string; readonly email: string; readonly password: string; readonly sub: string; readonly groups: string[] }
interface Tally { requests: number; byStatus: Map<number, number>; unanswered: number; failures: string[] }

const log = (line: string) => process.stdout.write(`soak: ${line}\n`);

async function main(): Promise<void> {
  // Kept when the soak fails: every process's log is in it (see the end of main).
  const env = await startEnvironment({ onProgress: log, keepDir: true });
  const users: SoakUser[] = Array.from({ length: tenantCount }, (_, i) => ({
    name: `Soak User ${i}`, email: `soak-${i}@soak.example`, password: randomBytes(12).toString('base64url'), sub: randomUUID(), groups: [],
  }));
  const usersFile = join(env.dir, 'soak-users.json');
  await writeFile(usersFile, JSON.stringify([...demoUsers, ...users]));
  const running = await startPlatformStack({ environment: env, identityEnv: { IDENTITY_USERS_FILE: usersFile } });
  const stack = running.stack;
  const tally: Tally = { requests: 0, byStatus: new Map(), unanswered: 0, failures: [] };
  try {
    const backend = await stack.startBackend();
    // The soak's clients are many per user only where the load says so; the per-tenant limits stay the defaults.
    const gateway = await stack.startGateway(backend);
    const admin = (await signIn(stack.identityUrl, 'admin@tenantry.dev')).accessToken;

    log(`provisioning ${tenantCount} pool tenants`);
    const tenants = Array.from({ length: tenantCount }, () => uniqueTenantName('soak'));
    await Promise.all(tenants.map((name, i) => createTenant(env, name, { tier: 'pool', displayName: `Soak ${i}` })));
    await Promise.all(tenants.map((name) => waitForReady(env, name, 300_000)));
    await Promise.all(tenants.map(async (tenant, i) => {
      const added = await call(stack.platform.url, 'POST', `/v1/policy/tenants/${tenant}/memberships`, { token: admin, body: { user: users[i]!.sub, role: 'editor' } });
      if (added.status !== 201) throw new Error(`membership for ${tenant}: ${added.status} ${JSON.stringify(added.body)}`);
    }));
    const tokens = await Promise.all(users.map(async (user) => (await signIn(stack.identityUrl, user.email, user.password)).accessToken));

    const acknowledged = new Map<string, Set<string>>(tenants.map((tenant) => [tenant, new Set()]));
    const deadline = Date.now() + seconds * 1000;
    const processes: NodeService[] = [gateway, backend, stack.platform, stack.operator];
    const samples: Array<Map<string, number>> = [];
    const sample = async () => samples.push(new Map(await Promise.all(processes.map(async (service) =>
      [service.name.replace(/-.*/, ''), (await memory(service.process.pid)).rssMb] as const))));

    log(`${clientCount} clients for ${seconds} s`);
    const clients = Array.from({ length: clientCount }, (_, c) => runClient({
      gatewayUrl: gateway.url, token: tokens[c % tenantCount]!, tenant: tenants[c % tenantCount]!, client: c, deadline, tally,
      acknowledged: acknowledged.get(tenants[c % tenantCount]!)!,
    }));
    const churn = runChurn({ env, platformUrl: stack.platform.url, admin, loaded: tenants, deadline, tally });
    const monitor = (async () => {
      while (Date.now() < deadline) {
        await waitUntil(Math.min(deadline, Date.now() + 30_000));
        await sample();
        const statuses = [...tally.byStatus].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(' ');
        const rss = [...samples.at(-1)!].map(([name, mb]) => `${name} ${mb.toFixed(0)} MB`).join(', ');
        log(`${Math.round((deadline - Date.now()) / 1000)} s left: ${tally.requests} requests (${statuses}); RSS ${rss}`);
      }
    })();
    await Promise.all([...clients, churn, monitor]);

    const missing = await missingWrites(env, acknowledged);
    const written = [...acknowledged.values()].reduce((sum, ids) => sum + ids.size, 0);
    log(`${written} writes acknowledged; ${missing.length} missing from PostgreSQL`);
    if (missing.length > 0) tally.failures.push(`acknowledged writes missing: ${missing.slice(0, 5).join(', ')}…`);
    const warm = samples[Math.min(1, samples.length - 1)];
    const last = samples.at(-1);
    for (const [name, start] of warm ?? []) {
      const end = last!.get(name)!;
      log(`RSS of ${name}: ${start.toFixed(0)} MB after warm-up, ${end.toFixed(0)} MB at the end`);
      if (end > start * growthBound.ratio + growthBound.slackMb) tally.failures.push(`${name} memory grew from ${start.toFixed(0)} to ${end.toFixed(0)} MB`);
    }
    for (const service of processes) if (!service.process.isRunning()) tally.failures.push(`${service.name} is not running`);
  } finally {
    await running.stop(tally.failures.length > 0);
    await env.stop();
    if (tally.failures.length === 0) await rm(env.dir, { recursive: true, force: true });
    else log(`logs of every process kept in ${env.dir}`);
  }
  const statuses = [...tally.byStatus].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`).join(', ');
  log(`${tally.requests} requests — ${statuses}; ${tally.unanswered} unanswered`);
  if (tally.failures.length > 0) {
    for (const failure of new Set(tally.failures)) log(`FAILED: ${failure}`);
    process.exitCode = 1;
  } else {
    log('passed: no 5xx beyond documented 503s, every request answered, memory flat, every acknowledged write present');
  }
}

interface ClientRun {
  readonly gatewayUrl: string; readonly token: string; readonly tenant: string; readonly client: number; readonly deadline: number;
  readonly tally: Tally; readonly acknowledged: Set<string>;
}

/** One client: mostly writes and lists, some reads and changes; backs off as Retry-After says. */
async function runClient({ gatewayUrl, token, tenant, client, deadline, tally, acknowledged }: ClientRun): Promise<void> {
  const mine: Array<{ id: string; version: number }> = [];
  for (let n = 0; Date.now() < deadline; n++) {
    const pick = n % 4;
    const own = mine[n % Math.max(1, mine.length)];
    const request = pick === 0 || own === undefined
      ? { method: 'POST', path: '/api/entries', body: { title: `soak ${client}-${n}`, body: 'x'.repeat(n % 500), tags: [`c${client % 7}`] } }
      : pick === 1 ? { method: 'GET', path: '/api/entries?limit=20&sort=-created_at' }
        : pick === 2 ? { method: 'GET', path: `/api/entries/${own.id}` }
          : { method: 'PATCH', path: `/api/entries/${own.id}`, body: { status: 'published' }, ifMatch: `"${own.version}"` };
    let response: Response;
    try {
      response = await fetch(`${gatewayUrl}${request.path}`, {
        method: request.method,
        headers: {
          authorization: `Bearer ${token}`, 'x-tenant-id': tenant,
          ...('body' in request ? { 'content-type': 'application/json' } : {}), ...('ifMatch' in request ? { 'if-match': request.ifMatch } : {}),
        },
        ...('body' in request ? { body: JSON.stringify(request.body) } : {}),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      tally.requests += 1;
      tally.unanswered += 1;
      tally.failures.push(`${request.method} ${request.path}: no answer (${(error as Error).message})`);
      continue;
    }
    tally.requests += 1;
    tally.byStatus.set(response.status, (tally.byStatus.get(response.status) ?? 0) + 1);
    const text = await response.text();
    if (response.status >= 500 && response.status !== 503) tally.failures.push(`${request.method} ${request.path}: ${response.status} ${text.slice(0, 200)}`);
    if (response.status === 201 || (response.status === 200 && request.method === 'PATCH')) {
      const entry = JSON.parse(text) as { id: string; version: number };
      if (response.status === 201) {
        acknowledged.add(entry.id);
        mine.push(entry);
      } else if (own !== undefined) {
        own.version = entry.version;
      }
    }
    if (response.status === 412 && own !== undefined) mine.splice(mine.indexOf(own), 1);
    const retryAfter = Number(response.headers.get('retry-after') ?? 0);
    if (retryAfter > 0) await waitUntil(Math.min(deadline, Date.now() + retryAfter * 1000));
    else if (response.status === 403 || response.status === 503) await waitUntil(Math.min(deadline, Date.now() + 1_000));
  }
}

interface ChurnRun {
  readonly env: Awaited<ReturnType<typeof startEnvironment>>; readonly platformUrl: string; readonly admin: string;
  readonly loaded: readonly string[]; readonly deadline: number; readonly tally: Tally;
}

/** Meanwhile: a tenant created and deleted (storage dropped), and a loaded tenant suspended and resumed, in turn. */
async function runChurn({ env, platformUrl, admin, loaded, deadline, tally }: ChurnRun): Promise<void> {
  for (let round = 0; Date.now() < deadline; round++) {
    const passing = uniqueTenantName('churn');
    const created = await call(platformUrl, 'POST', '/v1/tenants', { token: admin, body: { name: passing, displayName: `Churn ${round}`, deletionPolicy: 'Delete' } });
    if (created.status !== 201) tally.failures.push(`create ${passing}: ${created.status} ${JSON.stringify(created.body)}`);
    const suspended = loaded[round % loaded.length]!;
    const paused = await call(platformUrl, 'POST', `/v1/tenants/${suspended}/suspend`, { token: admin });
    if (paused.status !== 200) tally.failures.push(`suspend ${suspended}: ${paused.status}`);
    await waitForReady(env, passing, 120_000).catch((error: unknown) => tally.failures.push(`${passing}: ${(error as Error).message}`));
    await waitUntil(Math.min(deadline, Date.now() + 5_000));
    const resumed = await call(platformUrl, 'POST', `/v1/tenants/${suspended}/resume`, { token: admin });
    if (resumed.status !== 200) tally.failures.push(`resume ${suspended}: ${resumed.status}`);
    await deleteTenant(env, passing);
    await waitUntilGone(env, passing, tally);
  }
}

async function waitUntilGone(env: ChurnRun['env'], name: string, tally: Tally): Promise<void> {
  const giveUp = Date.now() + 120_000;
  while (Date.now() < giveUp) {
    if (await readTenant(env, name) === undefined) return;
    await waitUntil(Date.now() + 250);
  }
  tally.failures.push(`${name} was not deleted within 120 s`);
}

/** Every acknowledged entry id that is not in its tenant's table. */
async function missingWrites(env: ChurnRun['env'], acknowledged: ReadonlyMap<string, ReadonlySet<string>>): Promise<string[]> {
  const missing: string[] = [];
  for (const [tenant, ids] of acknowledged) {
    const storage = (await readTenant(env, tenant))?.status?.database;
    if (storage?.name === undefined || storage.schema === undefined) throw new Error(`${tenant} reports no storage`);
    const url = new URL(env.postgres.url);
    url.pathname = `/${storage.name}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string }>(`SELECT id FROM ${pg.escapeIdentifier(storage.schema)}.entries`);
      const present = new Set(rows.map((row) => row.id));
      for (const id of ids) if (!present.has(id)) missing.push(`${tenant}/${id}`);
    } finally {
      await client.end();
    }
  }
  return missing;
}

/** Resolves at `time`: pacing of a bounded run, not a wait for a condition. */
function waitUntil(time: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now())));
}

await main();
