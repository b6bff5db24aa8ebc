// The gateway's watch of Tenant resources (its tenant gate reads it): the runtime's self-restarting informer.
import { createTenantInformer, type ResourceInformer, type Tenant } from '@tenantry/runtime';

export type TenantWatch = ResourceInformer<Tenant>;
export const createTenantWatch = createTenantInformer;
