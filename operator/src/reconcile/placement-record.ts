// Where a tenant's storage is, as recorded on the API server: status.database once a status is written,
// before that the annotations the placement step writes together with the finalizer. Pure.
import { storageNames, type DatabaseServer, type Tenant, type TenantStatusDatabase } from '@tenantry/runtime';
import type { PlacedTenant } from './tenant-pass.js';

export const serverAnnotation = 'tenantry.dev/database-server';
/** The database the tenant's storage is in: the server's pool database can be renamed later, this cannot. */
export const databaseAnnotation = 'tenantry.dev/database';

const defaultPoolDatabase = 'tenantry_pool';

/** The server a tenant is placed on, if it is. */
export function placedServer(tenant: Tenant): string | undefined {
  return tenant.status?.database?.server ?? tenant.metadata.annotations?.[serverAnnotation];
}

/** The placement recorded for `tenant`, or undefined when it was never placed. */
export function recordedPlacement(tenant: Tenant, resource: (server: string) => DatabaseServer | undefined): PlacedTenant | undefined {
  const server = placedServer(tenant);
  if (server === undefined) return undefined;
  const recorded = tenant.status?.database;
  // Written by this operator, the status names match storageNames(); older statuses are kept as they are.
  if (recorded?.server === server && recorded.name && recorded.schema && recorded.role) {
    const layout = { tier: tenant.spec.tier ?? 'pool', database: recorded.name, schema: recorded.schema, role: recorded.role } as const;
    return { tenant, server, layout, secretName: recorded.secretName ?? storageNames(tenant.metadata.name).secretName, database: recorded };
  }
  return placementOn(tenant, server, resource(server), tenant.metadata.annotations?.[databaseAnnotation]);
}

/** Placing `tenant` on `server`: every storage name follows from the tenant's name and tier. */
export function placementOn(tenant: Tenant, server: string, resource: DatabaseServer | undefined, database?: string): PlacedTenant {
  const names = storageNames(tenant.metadata.name);
  const tier = tenant.spec.tier ?? 'pool';
  const name = database ?? (tier === 'silo' ? names.database : resource?.spec.poolDatabase ?? defaultPoolDatabase);
  const status: TenantStatusDatabase = {
    server, host: resource?.spec.host, port: resource?.spec.port ?? 5432, name, schema: names.schema, role: names.role, secretName: names.secretName,
  };
  return { tenant, server, layout: { tier, database: name, schema: names.schema, role: names.role }, secretName: names.secretName, database: status };
}

/** The annotations that record a placement on the object itself. */
export function placementAnnotations(placed: PlacedTenant): Record<string, string> {
  return { [serverAnnotation]: placed.server, [databaseAnnotation]: placed.layout.database };
}
