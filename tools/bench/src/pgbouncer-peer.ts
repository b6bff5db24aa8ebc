// The peer a platform team would otherwise put in front: Debian's PgBouncer in transaction pooling mode, one user per
// tenant role (their SCRAM verifiers in its auth_file), and the same server-connection cap per database.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, startProcess, waitUntilReady, type Environment } from '@tenantry/harness';

const PGBOUNCER = '/usr/sbin/pgbouncer';

export interface PgBouncerPeer {
  readonly host: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface PgBouncerOptions {
  /** Server connections per database, over every tenant user. */
  readonly maxDbConnections: number;
  /** The roles it lets in, as PostgreSQL knows them (LIKE pattern). */
  readonly rolePattern: string;
}

export async function startPgBouncer(env: Environment, { maxDbConnections, rolePattern }: PgBouncerOptions): Promise<PgBouncerPeer> {
  if (!existsSync(PGBOUNCER)) throw new Error(`${PGBOUNCER} not found: install Debian's pgbouncer (apt-get install pgbouncer)`);
  const dir = join(env.dir, 'pgbouncer');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  writeFileSync(join(dir, 'users.txt'), await authFile(env.postgres.url, rolePattern));
  writeFileSync(join(dir, 'pgbouncer.ini'), [
    '[databases]',
    `* = host=${env.postgres.host} port=${env.postgres.port}`,
    '[pgbouncer]',
    `listen_addr = 127.0.0.1`, `listen_port = ${port}`, 'unix_socket_dir =',
    'auth_type = scram-sha-256', `auth_file = ${join(dir, 'users.txt')}`,
    'pool_mode = transaction',
    `max_db_connections = ${maxDbConnections}`, `default_pool_size = ${maxDbConnections}`,
    'max_client_conn = 10000', 'server_reset_query =', 'ignore_startup_parameters = extra_float_digits,options',
    `logfile = ${join(dir, 'pgbouncer.log')}`, `pidfile = ${join(dir, 'pgbouncer.pid')}`,
    'log_connections = 0', 'log_disconnections = 0',
    '',
  ].join('\n'));
  // PgBouncer refuses to run as root, as PostgreSQL does: the same unprivileged user.
  const runAs = process.getuid?.() === 0 ? userIds('postgres') : undefined;
  if (runAs) for (const file of ['', 'users.txt', 'pgbouncer.ini']) chownSync(join(dir, file), runAs.uid, runAs.gid);
  const proc = startProcess({
    component: 'pgbouncer', command: PGBOUNCER, args: [join(dir, 'pgbouncer.ini')], logFile: join(env.dir, 'pgbouncer.out'),
    ...(runAs ?? {}), stopSignal: 'SIGINT',
  });
  await waitUntilReady(proc, () => new Promise<boolean>((resolve) => {
    const probe = connect(port, '127.0.0.1', () => {
      probe.end();
      resolve(true);
    });
    probe.on('error', () => resolve(false));
  }), { timeoutMs: 10_000 });
  return { host: '127.0.0.1', port, stop: () => proc.stop() };
}

/** `"role" "SCRAM-SHA-256$…"` per tenant role: PgBouncer checks the client with it and logs in to the server by it. */
async function authFile(superuserUrl: string, rolePattern: string): Promise<string> {
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ rolname: string; rolpassword: string }>(
      'SELECT rolname, rolpassword FROM pg_authid WHERE rolname LIKE $1 AND rolpassword IS NOT NULL', [rolePattern]);
    return rows.map((row) => `"${row.rolname}" "${row.rolpassword}"\n`).join('');
  } finally {
    await client.end();
  }
}

function userIds(user: string): { uid: number; gid: number } {
  return {
    uid: Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim()),
  };
}
