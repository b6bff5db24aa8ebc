// Admin connections to one PostgreSQL server (a DatabaseServer), one small pool per database.
import pg from 'pg';

export interface ServerEndpoint {
  readonly host: string;
  readonly port: number;
  readonly sslMode: 'disable' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';
  readonly username: string;
  readonly password: string;
}

export interface ServerConnections {
  readonly endpoint: ServerEndpoint;
  /** Runs `work` on an admin connection to `database`, returning the connection afterwards. */
  withAdmin<T>(database: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  /** Closes the pool of one database, e.g. before dropping it. */
  release(database: string): Promise<void>;
  close(): Promise<void>;
}

export function tlsOptions(sslMode: ServerEndpoint['sslMode']): pg.ClientConfig['ssl'] {
  switch (sslMode) {
    case 'disable':
    case 'prefer': // node-postgres cannot fall back from TLS; prefer means "whatever the server allows" here.
      return false;
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-ca':
    case 'verify-full':
      return { rejectUnauthorized: true };
  }
}

export function createServerConnections(endpoint: ServerEndpoint, { maxPerDatabase = 4 } = {}): ServerConnections {
  const pools = new Map<string, pg.Pool>();
  const base = { host: endpoint.host, port: endpoint.port, ssl: tlsOptions(endpoint.sslMode), connectionTimeoutMillis: 5000 };

  const poolFor = (database: string): pg.Pool => {
    let pool = pools.get(database);
    if (!pool) {
      pool = new pg.Pool({
        ...base, database, user: endpoint.username, password: endpoint.password,
        max: maxPerDatabase, idleTimeoutMillis: 10_000, allowExitOnIdle: true,
        application_name: 'tenantry-operator',
      });
      // An idle client that loses its server must not crash the process; the next query reconnects.
      pool.on('error', () => undefined);
      pools.set(database, pool);
    }
    return pool;
  };

  return {
    endpoint,
    async withAdmin(database, work) {
      const client = await poolFor(database).connect();
      let failed = false;
      // The pool listens for errors only on idle clients. A checked-out client whose server goes away
      // between two queries emits 'error' with nobody listening, which would crash the process; the
      // next query fails on its own, so noting the failure is enough.
      const onError = () => { failed = true; };
      client.on('error', onError);
      try {
        return await work(client);
      } catch (error) {
        failed = true;
        throw error;
      } finally {
        client.off('error', onError);
        // A session that failed may hold a role, search_path or aborted transaction: never reuse it.
        client.release(failed);
      }
    },
    async release(database) {
      const pool = pools.get(database);
      pools.delete(database);
      await pool?.end();
    },
    async close() {
      const all = [...pools.values()];
      pools.clear();
      await Promise.all(all.map((pool) => pool.end()));
    },
  };
}

const connectionErrorCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);

/** True for errors that say the server could not be reached or went away, as opposed to SQL errors. */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  if (code && (connectionErrorCodes.has(code) || code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03')) {
    return true;
  }
  return /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|not queryable/i.test(error.message);
}
