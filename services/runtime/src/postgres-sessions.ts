// What every process that talks to PostgreSQL needs alike: telling an unreachable server from an SQL error, and
// holding a pooled session so that its failure can neither crash the process nor poison the pool.
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);
// SQLSTATE 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 53300 too_many_connections.
const unavailableStates = new Set(['57P01', '57P02', '57P03', '53300']);

/** True for errors that say the server could not be reached, went away or cannot take a session now. */
export function isPostgresUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  // Class 08 is "connection exception".
  if (typeof code === 'string' && (networkCodes.has(code) || code.startsWith('08') || unavailableStates.has(code))) return true;
  // node-postgres reports a socket ended under it, or a pool that found no connection in time, in words only.
  return /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|not queryable/i.test(error.message);
}

/** The parts of a node-postgres pool client this module uses. */
export interface CheckedOutClient {
  on(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'error', listener: (error: Error) => void): unknown;
  /** `true` or an error destroys the connection instead of returning it to the pool. */
  release(destroy?: boolean | Error): void;
}

/**
 * Runs `work` on a client checked out of `pool`, then returns it — or destroys it when anything failed, since a
 * session that failed may hold a role, a search_path or an aborted transaction. The pool listens for errors only
 * on idle clients: a checked-out client whose server goes away between two queries (a restart, an administrator
 * ending sessions) emits 'error' with nobody listening, which would crash the process. The next query fails on its
 * own, so noting the failure is enough.
 */
export async function withCheckedOutClient<C extends CheckedOutClient, T>(pool: { connect(): Promise<C> }, work: (client: C) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let failed = false;
  const onError = () => {
    failed = true;
  };
  client.on('error', onError);
  try {
    return await work(client);
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    client.off('error', onError);
    client.release(failed);
  }
}
