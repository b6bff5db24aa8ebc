// Credential rotation against the real API server and PostgreSQL: ten rotations with `kubectl annotate` while a
// consumer keeps reading the Secret and logging in with what it holds; none of its logins fails, every login
// acts as the tenant role, and a rotated-away password is refused once its grace period is over.
import { expect } from 'chai';
import pg from 'pg';
import {
  createTenant, deleteTenant, ensureDatabaseServer, eventually, readCredentials, readTenant, sharedEnvironment, startOperator,
  uniqueTenantName, waitForReady, type Environment, type OperatorProcess, type TenantCredentials,
} from '@tenantry/harness';

const rotateAnnotation = 'tenantry.dev/rotate-credentials';

async function currentUserAs(credentials: TenantCredentials): Promise<string> {
  const client = new pg.Client({
    host: credentials.host, port: credentials.port, database: credentials.database, user: credentials.username, password: credentials.password,
  });
  await client.connect();
  try {
    const { rows } = await client.query<{ current_user: string; session_user: string }>('SELECT current_user, session_user');
    expect(rows[0]?.session_user).to.equal(credentials.username);
    return rows[0]!.current_user;
  } finally {
    await client.end();
  }
}

/** A consumer that reads the Secret afresh before every login, as a mounted Secret's reader eventually does. */
function startConsumer(env: Environment, tenant: string) {
  let running = true;
  const failures: string[] = [];
  const users = new Set<string>();
  let logins = 0;
  const loop = (async () => {
    while (running) {
      const credentials = await readCredentials(env, tenant);
      try {
        users.add(await currentUserAs(credentials));
        logins++;
      } catch (error) {
        failures.push(`${credentials.username}: ${(error as Error).message}`);
      }
    }
  })();
  return {
    failures, users, logins: () => logins,
    async stop() {
      running = false;
      await loop;
    },
  };
}

describe('credential rotation (integration)', function () {
  this.timeout(180_000);
  let env: Environment;
  let operator: OperatorProcess;
  const name = uniqueTenantName('rotate');

  before(async () => {
    env = await sharedEnvironment();
    await ensureDatabaseServer(env);
    operator = await startOperator(env);
  });

  after(async () => {
    await deleteTenant(env, name).catch(() => undefined);
    await operator?.stop();
  });

  it('rotates ten times with zero failed logins from the current Secret, and refuses a rotated-away password after the grace period', async () => {
    // given a Ready tenant whose previous credentials work for two seconds after a rotation
    await createTenant(env, name, { tier: 'pool', credentials: { gracePeriod: '2s' } });
    await waitForReady(env, name);
    const original = await readCredentials(env, name);
    const consumer = startConsumer(env, name);
    const seen: string[] = [original.username];
    try {
      // when it is rotated ten times, each asked for with kubectl annotate
      for (let round = 1; round <= 10; round++) {
        const request = `round-${round}`;
        const annotate = await env.kubectl(['annotate', 'tenant', name, `${rotateAnnotation}=${request}`, '--overwrite']);
        expect(annotate.code, annotate.stderr).to.equal(0);
        const tenant = await eventually(`rotation ${request} recorded and its predecessor retired`, async () => {
          const current = await readTenant(env, name);
          const credentials = current?.status?.credentials;
          return credentials?.rotationRequest === request && credentials.retiring === undefined ? current : undefined;
        }, { timeoutMs: 30_000 });
        seen.push(tenant.status!.credentials!.username!);
      }
      await eventually('the consumer logs in after the last rotation', () => consumer.logins() > 0);
    } finally {
      await consumer.stop();
    }
    // then the login alternated between the two login roles, every session acted as the tenant role, nothing failed
    expect(seen).to.deep.equal([original.username, ...Array.from({ length: 10 }, (_, index) => `${original.username}$${index % 2 === 0 ? 'a' : 'b'}`)]);
    expect(consumer.failures, 'failed logins with the current Secret').to.deep.equal([]);
    expect([...consumer.users]).to.deep.equal([original.username]);
    expect(consumer.logins()).to.be.greaterThan(10);
    // and the credentials of before the first rotation, and of the rotation before the last, are refused
    const refused = await currentUserAs(original).then(() => 'accepted', (error: Error) => error.message);
    expect(refused).to.match(/is not permitted to log in|password authentication failed/);
    const current = await readCredentials(env, name);
    expect(await currentUserAs(current)).to.equal(original.username);
    const status = (await readTenant(env, name))?.status?.credentials;
    expect(status?.rotatedAt).to.be.a('string');
    expect(status?.username).to.equal(current.username);
  });

  it('refuses a rotation schedule shorter than a minute or than its own grace period', async () => {
    const manifest = (credentials: object) => JSON.stringify({
      apiVersion: 'tenantry.dev/v1alpha1', kind: 'Tenant', metadata: { name: uniqueTenantName('rot-bad') },
      spec: { displayName: 'Bad rotation', credentials },
    });
    const tooOften = await env.kubectl(['apply', '--dry-run=server', '-f', '-'], manifest({ rotateEvery: '30s' }));
    expect(tooOften.code).to.not.equal(0);
    expect(tooOften.stderr).to.match(/rotateEvery must be at least 1m/);
    const withinGrace = await env.kubectl(['apply', '--dry-run=server', '-f', '-'], manifest({ rotateEvery: '5m', gracePeriod: '10m' }));
    expect(withinGrace.stderr).to.match(/rotateEvery must be longer than gracePeriod/);
    const notDuration = await env.kubectl(['apply', '--dry-run=server', '-f', '-'], manifest({ rotateEvery: 'weekly' }));
    expect(notDuration.stderr).to.match(/spec.credentials.rotateEvery/);
    const fine = await env.kubectl(['apply', '--dry-run=server', '-f', '-'], manifest({ rotateEvery: '720h', gracePeriod: '15m' }));
    expect(fine.code, fine.stderr).to.equal(0);
  });
});
