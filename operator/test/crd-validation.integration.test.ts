// The Tenant, DatabaseServer and MigrationRollout CRDs, installed in a real API server, default and refuse what they promise.
import { expect } from 'chai';
import { installCrds, repositoryRoot, sharedEnvironment, type CommandResult, type Environment } from '@tenantry/harness';

const apiVersion = 'tenantry.dev/v1alpha1';
const suiteLabel = { 'tenantry.dev/test-suite': 'crd-validation' };
const nameRule = /metadata\.name must be a DNS label of at most 40 characters starting with a letter/;

let sequence = 0;
/** The control plane is shared with other suites: every test gets names of its own. */
function uniqueName(prefix: string): string {
  sequence += 1;
  return `${prefix}-${Date.now().toString(36)}-${sequence}`;
}

function tenant(name: string, spec: Record<string, unknown>): object {
  return { apiVersion, kind: 'Tenant', metadata: { name, labels: suiteLabel }, spec };
}

function databaseServer(name: string, spec: Record<string, unknown>): object {
  return {
    apiVersion, kind: 'DatabaseServer', metadata: { name, labels: suiteLabel },
    spec: { host: 'postgres.example.internal', credentialsSecret: { name: 'admin', namespace: 'tenantry-system' }, ...spec },
  };
}

function expectRefused(result: CommandResult, reason: RegExp): void {
  expect(result.code, `expected a refusal, kubectl said: ${result.stdout}`).to.not.equal(0);
  expect(result.stderr).to.match(reason);
}

describe('Tenantry CRDs (integration)', function () {
  this.timeout(120_000);
  let env: Environment;

  const apply = (object: object) => env.kubectl(['apply', '-f', '-'], JSON.stringify(object));
  /** Server-side dry run: the API server validates and defaults, nothing is stored. */
  const dryRun = (object: object) => env.kubectl(['apply', '--dry-run=server', '-o', 'json', '-f', '-'], JSON.stringify(object));
  const applied = async (object: object) => {
    const result = await apply(object);
    expect(result.code, result.stderr).to.equal(0);
  };
  const readBack = async <T>(resource: string, name: string): Promise<T> => {
    const result = await env.kubectl(['get', resource, name, '-o', 'json']);
    expect(result.code, result.stderr).to.equal(0);
    return JSON.parse(result.stdout) as T;
  };

  before(async () => {
    env = await sharedEnvironment();
    await installCrds(env);
  });

  after(async () => {
    await env.kubectl(['delete', 'tenants,databaseservers', '-l', 'tenantry.dev/test-suite=crd-validation', '--wait=false']);
  });

  describe('Tenant', () => {
    it('stores a pool tenant with the defaults filled in', async () => {
      const name = uniqueName('pool');
      await applied(tenant(name, { displayName: 'Pool Tenant', admins: ['ada@example.com'] }));
      const stored = await readBack<{ spec: Record<string, unknown> }>('tenant', name);
      expect(stored.spec).to.deep.equal({
        displayName: 'Pool Tenant', admins: ['ada@example.com'],
        tier: 'pool', deletionPolicy: 'Retain', suspended: false, plan: 'standard',
      });
    });

    it('stores a silo tenant as written, filling in only what was left out', async () => {
      const name = uniqueName('silo');
      await applied(tenant(name, { displayName: 'Silo Tenant', tier: 'silo', deletionPolicy: 'Delete', plan: 'enterprise' }));
      const stored = await readBack<{ spec: Record<string, unknown> }>('tn', name);
      expect(stored.spec).to.deep.equal({
        displayName: 'Silo Tenant', tier: 'silo', deletionPolicy: 'Delete', plan: 'enterprise', suspended: false,
      });
    });

    it('lists tenants by short name with tier, phase, readiness and server columns', async () => {
      const name = uniqueName('cols');
      await applied(tenant(name, { displayName: 'Columns' }));
      const status = {
        phase: 'Ready',
        database: { server: 'primary' },
        conditions: [{ type: 'Ready', status: 'True', reason: 'Provisioned', message: 'ready', lastTransitionTime: '2026-01-01T00:00:00Z' }],
      };
      const patched = await env.kubectl(['patch', 'tenant', name, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })]);
      expect(patched.code, patched.stderr).to.equal(0);

      const listed = await env.kubectl(['get', 'tn', name]);
      expect(listed.code, listed.stderr).to.equal(0);
      const [header, row] = listed.stdout.trim().split('\n').map((line) => line.trim().split(/\s+/));
      expect(header).to.deep.equal(['NAME', 'TIER', 'PHASE', 'READY', 'SERVER', 'AGE']);
      expect(row?.slice(0, 5)).to.deep.equal([name, 'pool', 'Ready', 'True', 'primary']);
    });

    it('is found through the tenantry category', async () => {
      const name = uniqueName('cat');
      await applied(tenant(name, { displayName: 'Category' }));
      const listed = await env.kubectl(['get', 'tenantry', '-o', 'name']);
      expect(listed.stdout.split('\n')).to.include(`tenant.tenantry.dev/${name}`);
    });

    it('accepts a name of exactly 40 characters', async () => {
      const result = await dryRun(tenant(`a${'b'.repeat(39)}`, { displayName: 'Long' }));
      expect(result.code, result.stderr).to.equal(0);
    });

    for (const [problem, name] of [
      ['has uppercase letters', 'Acme-Upper'],
      ['is longer than 40 characters', `a${'b'.repeat(40)}`],
      ['starts with a digit', '1acme'],
      ['has a dot', 'acme.example'],
    ] as const) {
      it(`refuses a name that ${problem}`, async () => {
        expectRefused(await dryRun(tenant(name, { displayName: 'Bad Name' })), nameRule);
      });
    }

    it('refuses a tier other than pool or silo', async () => {
      const result = await dryRun(tenant(uniqueName('tier'), { displayName: 'Tier', tier: 'bronze' }));
      expectRefused(result, /spec\.tier: Unsupported value: "bronze": supported values: "pool", "silo"/);
    });

    it('refuses to change the tier of an existing tenant', async () => {
      const name = uniqueName('move');
      await applied(tenant(name, { displayName: 'Mover', tier: 'pool' }));
      expectRefused(await apply(tenant(name, { displayName: 'Mover', tier: 'silo' })), /spec\.tier: Invalid value: "silo": tier is immutable once set/);
    });

    it('refuses to move a tenant to another database server, or to unset it', async () => {
      const name = uniqueName('pin');
      await applied(tenant(name, { displayName: 'Pinned', databaseServer: 'primary' }));
      const immutable = /spec: Invalid value: databaseServer is immutable once set/;
      expectRefused(await apply(tenant(name, { displayName: 'Pinned', databaseServer: 'secondary' })), immutable);
      expectRefused(await apply(tenant(name, { displayName: 'Pinned' })), immutable);
    });

    it('lets a tenant without a database server be pinned to one later', async () => {
      const name = uniqueName('late');
      await applied(tenant(name, { displayName: 'Late' }));
      await applied(tenant(name, { displayName: 'Late', databaseServer: 'primary' }));
      const stored = await readBack<{ spec: { databaseServer?: string } }>('tenant', name);
      expect(stored.spec.databaseServer).to.equal('primary');
    });

    it('refuses to pin a placed tenant to another database server than the one holding its storage', async () => {
      // Given a tenant without databaseServer that the operator placed on "primary" (status written as it does)
      const name = uniqueName('placed');
      await applied(tenant(name, { displayName: 'Placed' }));
      const placed = await env.kubectl(['patch', 'tenant', name, '--subresource=status', '--type=merge', '-p',
        JSON.stringify({ status: { database: { server: 'primary' } } })]);
      expect(placed.code, placed.stderr).to.equal(0);

      // Then naming another server is refused, naming where the storage is; naming "primary" is fine
      expectRefused(await apply(tenant(name, { displayName: 'Placed', databaseServer: 'secondary' })),
        /spec\.databaseServer: Forbidden: spec\.databaseServer cannot move a placed tenant: its storage is on DatabaseServer primary/);
      await applied(tenant(name, { displayName: 'Placed', databaseServer: 'primary' }));
    });

    it('refuses control and bidirectional-override characters in the display name, and takes any other text', async () => {
      for (const displayName of ['Bell\u0007', 'Two\nlines', 'Tab\there', 'rtl\u202Eevil', 'C1\u0085', 'Del\u007F']) {
        expectRefused(await dryRun(tenant(uniqueName('ctl'), { displayName })), /spec\.displayName: Invalid value/);
      }
      for (const displayName of ['Zoë & Søn — 東京 🚀', 'Ünïcødé GmbH', "O'Brien (ops)"]) {
        const result = await dryRun(tenant(uniqueName('text'), { displayName }));
        expect(result.code, `${displayName}: ${result.stderr}`).to.equal(0);
      }
    });

    it('refuses a tenant without a display name', async () => {
      expectRefused(await dryRun(tenant(uniqueName('anon'), {})), /spec\.displayName: Required value/);
    });

    it('refuses an unknown field in spec instead of dropping it silently', async () => {
      const result = await dryRun(tenant(uniqueName('extra'), { displayName: 'Extra', colour: 'red' }));
      expectRefused(result, /unknown field "spec\.colour"/);
    });

    it('refuses an admin that is not an e-mail address', async () => {
      const result = await dryRun(tenant(uniqueName('mail'), { displayName: 'Mail', admins: ['ada@example.com', 'not-an-address'] }));
      expectRefused(result, /spec\.admins\[1\] in body must be of type email: "not-an-address"/);
    });

    it('refuses the same admin twice', async () => {
      const result = await dryRun(tenant(uniqueName('twice'), { displayName: 'Twice', admins: ['ada@example.com', 'ada@example.com'] }));
      expectRefused(result, /spec\.admins\[1\]: Duplicate value: "ada@example\.com"/);
    });
  });

  describe('DatabaseServer', () => {
    it('fills in port, TLS mode, capacity and database names', async () => {
      const result = await dryRun(databaseServer(uniqueName('dbs'), {}));
      expect(result.code, result.stderr).to.equal(0);
      expect((JSON.parse(result.stdout) as { spec: unknown }).spec).to.deep.include({
        port: 5432, sslMode: 'prefer', capacity: 500, poolDatabase: 'tenantry_pool', templateDatabase: 'tenantry_template',
      });
    });

    it('lists servers by short name with host, port, tenants, capacity and reachability columns', async () => {
      const name = uniqueName('cols');
      await applied(databaseServer(name, {}));
      const listed = await env.kubectl(['get', 'dbs', name]);
      expect(listed.code, listed.stderr).to.equal(0);
      const header = listed.stdout.trim().split('\n')[0]?.trim().split(/\s+/);
      expect(header).to.deep.equal(['NAME', 'HOST', 'PORT', 'TENANTS', 'CAPACITY', 'REACHABLE', 'AGE']);
    });

    it('refuses port 0', async () => {
      const result = await dryRun(databaseServer(uniqueName('port'), { port: 0 }));
      expectRefused(result, /spec\.port: Invalid value: 0: spec\.port in body should be greater than or equal to 1/);
    });

    it('refuses a pool database name that is not a PostgreSQL identifier', async () => {
      const result = await dryRun(databaseServer(uniqueName('pool'), { poolDatabase: 'Tenant-Pool' }));
      expectRefused(result, /spec\.poolDatabase: Invalid value: "Tenant-Pool": poolDatabase must be a PostgreSQL identifier/);
    });

    it('refuses a server without credentials', async () => {
      const server = databaseServer(uniqueName('creds'), {}) as { spec: Record<string, unknown> };
      delete server.spec['credentialsSecret'];
      expectRefused(await dryRun(server), /spec\.credentialsSecret: Required value/);
    });
  });

  describe('MigrationRollout', () => {
    const rollout = (spec: Record<string, unknown>, name = 'default') => ({ apiVersion, kind: 'MigrationRollout', metadata: { name }, spec });

    it('defaults maxFailures and paused, and accepts a wave size as a count or a percentage', async () => {
      for (const waveSize of [1, 250, '1%', '10%', '100%']) {
        const result = await dryRun(rollout({ waveSize }));
        expect(result.code, `${waveSize}: ${result.stderr}`).to.equal(0);
        const stored = JSON.parse(result.stdout) as { spec: Record<string, unknown>; status: Record<string, unknown> };
        expect(stored.spec).to.deep.equal({ waveSize, maxFailures: 0, paused: false });
        expect(stored.status, 'in progress for kstatus before the operator writes').to.deep.equal({ observedGeneration: -1 });
      }
    });

    it('refuses a wave size that is no count of at least one nor a percentage from 1 to 100', async () => {
      for (const waveSize of [0, -3, '0%', '101%', '10', 'ten']) {
        expectRefused(await dryRun(rollout({ waveSize })), /waveSize must be a count of at least 1 or a percentage from 1% to 100%/);
      }
    });

    it('refuses no concurrency, negative failures, an unknown selector operator, and any name but default', async () => {
      expectRefused(await dryRun(rollout({ maxConcurrent: 0 })), /spec\.maxConcurrent: Invalid value: 0/);
      expectRefused(await dryRun(rollout({ maxFailures: -1 })), /spec\.maxFailures: Invalid value: -1/);
      expectRefused(await dryRun(rollout({ canary: { selector: { matchExpressions: [{ key: 'ring', operator: 'Near' }] } } })), /Unsupported value: "Near"/);
      expectRefused(await dryRun(rollout({}, 'second')), /metadata\.name must be default/);
    });
  });

  it('accepts every sample in crds/samples', async () => {
    const result = await env.kubectl(['apply', '--dry-run=server', '-f', `${repositoryRoot}/crds/samples`]);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.include('databaseserver.tenantry.dev/primary');
    expect(result.stdout).to.include('tenant.tenantry.dev/acme');
    expect(result.stdout).to.include('tenant.tenantry.dev/globex');
    expect(result.stdout).to.include('migrationrollout.tenantry.dev/default');
  });
});
