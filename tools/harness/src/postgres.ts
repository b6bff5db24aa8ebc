// Initialises and runs a throwaway PostgreSQL 15 cluster on loopback with password (SCRAM) auth.
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './free-port.js';
import { startProcess, waitUntilReady, type ManagedProcess } from './managed-process.js';
import { postgresTool } from './tool-paths.js';

const run = promisify(execFile);

export interface Postgres {
  readonly host: string;
  readonly port: number;
  readonly superuser: string;
  readonly password: string;
  /** Connection URL of the superuser to the `postgres` database. */
  readonly url: string;
  readonly dataDir: string;
  readonly logFile: string;
  isRunning(): boolean;
  /** Fast shutdown: open transactions roll back, clients are disconnected. */
  stop(): Promise<void>;
  /** Starts the same cluster again on the same port, e.g. after a test stopped it. */
  start(): Promise<void>;
}

export interface PostgresOptions {
  /** fsync and synchronous commit on, as in production; off by default to keep tests fast. */
  readonly durable?: boolean;
  readonly maxConnections?: number;
}

interface RunAs { uid: number; gid: number }

/** initdb and postgres refuse to run as root; sessions here are root, so they run as `postgres`. */
function unprivilegedUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error('running as root, but there is no `postgres` user to run PostgreSQL as (install postgresql-15)');
  }
}

export async function startPostgres(dir: string, options: PostgresOptions = {}): Promise<Postgres> {
  const { durable = false, maxConnections = 400 } = options;
  const runAs = unprivilegedUser();
  const pgDir = join(dir, 'postgres');
  const dataDir = join(pgDir, 'data');
  const logFile = join(dir, 'postgres.log');
  const password = randomBytes(18).toString('base64url');
  await initCluster({ dir, pgDir, dataDir, password, runAs });

  const port = await freePort();
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: pgDir,
    max_connections: String(maxConnections),
    shared_preload_libraries: 'pg_stat_statements',
    password_encryption: 'scram-sha-256',
    log_min_messages: 'warning',
    // Never echo a failed statement into the server log: it could carry a credential.
    log_min_error_statement: 'panic',
    ...(durable ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
  };
  const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  let proc: ManagedProcess | undefined;
  const start = async () => {
    if (proc?.isRunning()) return;
    proc = startProcess({
      component: 'postgres',
      command: postgresTool('postgres'),
      args: ['-D', dataDir, ...Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`])],
      logFile,
      stopSignal: 'SIGINT', // "fast" shutdown: roll back open transactions and exit.
      ...(runAs ?? {}),
    });
    await waitUntilReady(proc, () => canConnect(url), { timeoutMs: 30_000 });
  };
  await start();
  return {
    host: '127.0.0.1', port, superuser: 'postgres', password, url, dataDir, logFile,
    isRunning: () => proc?.isRunning() ?? false,
    stop: async () => proc?.stop(10_000),
    start,
  };
}

interface InitOptions { dir: string; pgDir: string; dataDir: string; password: string; runAs: RunAs | undefined }

async function initCluster({ dir, pgDir, dataDir, password, runAs }: InitOptions): Promise<void> {
  await mkdir(pgDir, { recursive: true });
  // The run folder is created 0700 by the current user; postgres must be able to traverse into it.
  await chmod(dir, 0o711);
  const pwFile = join(pgDir, 'pwfile');
  await writeFile(pwFile, password, { mode: 0o600 });
  if (runAs) await run('chown', ['-R', `${runAs.uid}:${runAs.gid}`, pgDir]);
  try {
    await run(postgresTool('initdb'), [
      '-D', dataDir, '-U', 'postgres', '--pwfile', pwFile, '-E', 'UTF8', '--locale', 'C.UTF-8',
      '--auth-host', 'scram-sha-256', '--auth-local', 'trust', '--no-sync', '--no-instructions',
    ], { ...(runAs ?? {}), cwd: pgDir });
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
    throw new Error(`initdb failed for ${dataDir}: ${detail}`, { cause: error });
  }
}

async function canConnect(connectionString: string): Promise<boolean> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}


/** Creates `database` on the cluster if missing and returns the superuser URL to it. */
export async function ensureDatabase(postgres: Postgres, database: string): Promise<string> {
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgres.url);
  url.pathname = `/${database}`;
  return url.toString();
}
