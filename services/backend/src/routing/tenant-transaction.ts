// One request's work as one transaction on a shared connection: it begins by switching to the tenant's role and
// schema (SET LOCAL, so nothing survives the transaction) and runs only parameterised statements after that.
import pg from 'pg';
import type { PooledConnection } from './database-pools.js';

/** What repositories query through: one constant statement with bound parameters per call. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: readonly unknown[]): Promise<pg.QueryResult<R>>;
}

/** Who the transaction runs as: a role to switch to, or none when the connection logged in as the tenant itself. */
export interface TransactionScope {
  readonly role?: { readonly name: string; readonly schema: string };
}

/** The opening SET LOCAL ROLE was refused (42501): the authenticator is no longer, or not yet, a member of the role. */
const insufficientPrivilege = '42501';

export class RoleRefusedError extends Error {
  readonly code = 'ROLE_REFUSED';
  constructor(role: string, options?: ErrorOptions) {
    super(`the authenticator may not switch to role ${role}`, options);
  }
}

export class TransactionOverError extends Error {
  readonly code = 'TRANSACTION_OVER';
  constructor() {
    super('a statement came after its request\'s transaction ended');
  }
}

/**
 * Runs `work` between BEGIN and COMMIT. The opening line goes over the simple protocol in one round trip; its
 * identifiers are the platform's trusted datasource values, escaped by the driver. Everything `work` sends goes over
 * the extended protocol, one statement per Parse, so no input can append a RESET ROLE or a SET ROLE of its own. On
 * any failure the transaction is rolled back, and a connection that cannot even roll back is discarded.
 */
export async function inTransaction<T>(connection: PooledConnection, scope: TransactionScope, work: (db: Queryable) => Promise<T>): Promise<T> {
  const { client } = connection;
  let open = true;
  const db: Queryable = {
    query: (text, values = []) => {
      if (!open) return Promise.reject(new TransactionOverError());
      // queryMode 'extended' even without parameters: node-postgres would send parameterless text as a simple query.
      return client.query({ text, values: [...values], queryMode: 'extended' } as pg.QueryConfig);
    },
  };
  try {
    await client.query(scope.role === undefined
      ? 'BEGIN'
      : `BEGIN; SET LOCAL ROLE ${pg.escapeIdentifier(scope.role.name)}; SET LOCAL search_path TO ${pg.escapeIdentifier(scope.role.schema)}`,
    ).catch((error: unknown) => {
      if (scope.role !== undefined && (error as { code?: unknown }).code === insufficientPrivilege) throw new RoleRefusedError(scope.role.name, { cause: error });
      throw error;
    });
    const value = await work(db);
    open = false;
    await client.query('COMMIT');
    connection.release();
    return value;
  } catch (error) {
    open = false;
    // After a failed COMMIT there is no transaction left, and ROLLBACK only warns.
    const rolledBack = await client.query('ROLLBACK').then(() => true, () => false);
    connection.release(!rolledBack);
    throw error;
  }
}
