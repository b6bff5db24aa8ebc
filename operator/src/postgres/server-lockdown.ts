// Closes a DatabaseServer's shared databases to tenant logins, once per server and process: PostgreSQL gives
// PUBLIC CONNECT and TEMPORARY on every database, so any tenant role could enter `postgres` or `template1`.
import type { ServerConnections } from './server-connections.js';

/** Databases every cluster has; the tenant databases revoke PUBLIC themselves as they are created. */
const sharedDatabases = ['postgres', 'template1'] as const;

const lockedDown = new WeakSet<ServerConnections>();

/**
 * The admin keeps its own CONNECT first (on RDS it is no superuser). Where it does not own a database,
 * PostgreSQL only warns and changes nothing, which is as far as that server lets the operator go. Idempotent:
 * concurrent first calls may both run it, and only success is remembered, so an outage cannot stick.
 */
export async function lockDownServer(server: ServerConnections): Promise<void> {
  if (lockedDown.has(server)) return;
  const list = sharedDatabases.join(', ');
  await server.withAdmin('postgres', (client) =>
    client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${list} TO CURRENT_USER; REVOKE CONNECT, TEMPORARY ON DATABASE ${list} FROM PUBLIC`));
  lockedDown.add(server);
}
