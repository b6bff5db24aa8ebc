// Errors about tenants shared by the tenants API, the datasource endpoint and memberships.
import { PlatformError } from '../platform-error.js';

export const tenantNotFound = (name: string) => new PlatformError('not-found', 'TENANT_NOT_FOUND', `tenant ${name} does not exist`);

export const tenantSuspended = (name: string) =>
  new PlatformError('conflict', 'TENANT_SUSPENDED', `tenant ${name} is suspended: its data is kept but nobody may use it until it is resumed`);

export const tenantDeleting = (name: string) =>
  new PlatformError('conflict', 'TENANT_DELETING', `tenant ${name} is being deleted`);

export const tenantNotReady = (name: string, phase: string, message: string | undefined, retryAfterSeconds: number) =>
  new PlatformError('unavailable', 'TENANT_NOT_READY',
    `tenant ${name} is not ready yet (phase ${phase}${message === undefined ? '' : `: ${message}`})`, { retryAfterSeconds });
