// The platform's watch of Tenant resources: the runtime's self-restarting informer.
import { createTenantInformer, type ResourceEvent, type ResourceInformer, type Tenant } from '@tenantry/runtime';

export type TenantEvent = ResourceEvent;
export type TenantWatch = ResourceInformer<Tenant>;
export const createTenantWatch = createTenantInformer;
