// Locates the pinned binaries that `make tools` builds, failing with the command that builds them.
import { accessSync, constants } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export class MissingToolError extends Error {
  readonly code = 'MISSING_TOOL';
  constructor(readonly tool: string, readonly searched: string) {
    super(`${tool} not found at ${searched}; build the pinned tools with \`make tools\` at the repository root`);
    this.name = 'MissingToolError';
  }
}

export const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const toolsBin = process.env['TENANTRY_TOOLS_BIN'] ?? join(repositoryRoot, '.tools', 'bin');

export type ToolName = 'etcd' | 'kube-apiserver' | 'kube-controller-manager' | 'kubectl' | 'helm' | 'kstatus' | 'openapi-spec-validator' | 'schemathesis' | 'parliament' | 'actionlint';

export function toolPath(tool: ToolName): string {
  const path = join(toolsBin, tool);
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new MissingToolError(tool, path);
  }
  return path;
}

/** The PostgreSQL JDBC driver `make tools` fetches, for tests that need a real JDBC client. */
export function jdbcDriverJar(): string {
  const path = join(toolsBin, 'postgresql-jdbc.jar');
  try {
    accessSync(path, constants.R_OK);
  } catch {
    throw new MissingToolError('the PostgreSQL JDBC driver', path);
  }
  return path;
}

export const postgresBinDir = process.env['TENANTRY_PG_BIN'] ?? '/usr/lib/postgresql/15/bin';

export function postgresTool(name: 'initdb' | 'postgres' | 'psql'): string {
  const path = join(postgresBinDir, name);
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new MissingToolError(`PostgreSQL 15 ${name}`, `${path} (install the Debian package postgresql-15, or set TENANTRY_PG_BIN)`);
  }
  return path;
}
