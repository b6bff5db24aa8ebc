// Sorts what went wrong in a pass into transient (retried, Reconciling) and stalled (needs a human, Stalled),
// with the condition reason each reads as. Pure.
import { DatabaseServerError } from '../postgres/database-servers.js';
import { isConnectionError } from '../postgres/server-connections.js';
import { MigrationFailedError } from '../postgres/tenant-migrations.js';
import { PlacementError } from './placement.js';

export interface Failure {
  readonly transient: boolean;
  readonly reason: string;
  readonly message: string;
}

/** `server` names the tenant's DatabaseServer in messages about reaching it. */
export function classifyFailure(error: unknown, server: string | undefined): Failure {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof MigrationFailedError) return { transient: false, reason: 'MigrationFailed', message };
  if (error instanceof PlacementError) return { transient: false, reason: 'PlacementFailed', message };
  if (error instanceof DatabaseServerError) {
    if (error.code === 'SERVER_UNREACHABLE') return { transient: true, reason: 'DatabaseUnreachable', message };
    return { transient: false, reason: error.code === 'SERVER_NOT_FOUND' ? 'DatabaseServerNotFound' : 'CredentialsUnavailable', message };
  }
  if (isConnectionError(error)) {
    return { transient: true, reason: 'DatabaseUnreachable', message: `cannot reach ${server ?? 'its DatabaseServer'}: ${message}` };
  }
  const code = (error as { code?: unknown }).code;
  // PostgreSQL reports two sessions changing one catalog row at once this way; the retry succeeds.
  if (code === 'XX000' && /tuple concurrently updated/.test(message)) return { transient: true, reason: 'ConcurrentCatalogUpdate', message };
  if (typeof code === 'number') return { transient: true, reason: 'KubernetesApiError', message: `Kubernetes API error ${code}: ${message}` };
  return { transient: false, reason: 'ProvisioningFailed', message };
}
