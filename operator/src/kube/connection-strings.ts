// The connection strings a tenant's credentials Secret offers, each in the exact syntax its clients parse:
// a libpq URI (psql, psycopg, Ruby pg, node-postgres), a JDBC URL (pgjdbc) and a .pgpass line.
import type { Credentials } from './credentials-secret.js';

/**
 * `postgresql://user:password@host:port/database?sslmode=…&options=-c%20search_path%3D<schema>`.
 * Every component is percent-encoded: libpq decodes `%XX` but never turns `+` into a space, so the
 * form encoding of URLSearchParams (`-c+search_path`) breaks every libpq client.
 */
export function libpqUri(credentials: Credentials): string {
  const userInfo = `${encodeURIComponent(credentials.username)}:${encodeURIComponent(credentials.password)}`;
  return `postgresql://${userInfo}@${hostPort(credentials)}/${encodeURIComponent(credentials.database)}`
    + query([['sslmode', credentials.sslMode], ['options', `-c search_path=${credentials.schema}`]]);
}

/**
 * `jdbc:postgresql://host:port/database?user=…&password=…&sslmode=…&currentSchema=<schema>` (pgjdbc's
 * parameters; it URL-decodes values, where `+` would become a space: percent-encoding avoids it).
 */
export function jdbcUri(credentials: Credentials): string {
  return `jdbc:postgresql://${hostPort(credentials)}/${encodeURIComponent(credentials.database)}`
    + query([['user', credentials.username], ['password', credentials.password], ['sslmode', credentials.sslMode], ['currentSchema', credentials.schema]]);
}

/** `host:port:database:username:password`, with `:` and `\` escaped as libpq's password file requires. */
export function pgpassLine(credentials: Credentials): string {
  const escape = (field: string) => field.replace(/[\\:]/g, (character) => `\\${character}`);
  return [credentials.host, String(credentials.port), credentials.database, credentials.username, credentials.password].map(escape).join(':');
}

function hostPort({ host, port }: Credentials): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function query(parameters: ReadonlyArray<readonly [string, string]>): string {
  return `?${parameters.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&')}`;
}
