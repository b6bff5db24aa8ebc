// Admin connections to one PostgreSQL server (a DatabaseServer), one small pool per database.
import pg from 'pg';
import { isPostgresUnavailable, withCheckedOutClient } from '@tenantry/runtime';

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
    withAdmin: (database, work) => withCheckedOutClient(poolFor(database), work),
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

/** True for errors that say the server could not be reached or went away, as opposed to SQL errors. */
export const isConnectionError = isPostgresUnavailable;
