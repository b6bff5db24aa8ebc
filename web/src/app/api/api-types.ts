// Names for the shapes the app uses, all taken from the types generated from the services' OpenAPI documents.
import type { components as BackendComponents, paths as BackendPaths } from './backend-api.generated';
import type { components as PlatformComponents, paths as PlatformPaths } from './platform-api.generated';

type PlatformSchemas = PlatformComponents['schemas'];

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

export type EntryPage = Json<BackendPaths['/api/entries']['get']['responses'][200]>;
export type Entry = Json<BackendPaths['/api/entries/{id}']['get']['responses'][200]>;
export type EntryInput = NonNullable<BackendPaths['/api/entries']['post']['requestBody']>['content']['application/json'];
export type EntryPatch = NonNullable<BackendPaths['/api/entries/{id}']['patch']['requestBody']>['content']['application/json'];
export type EntryListQuery = NonNullable<BackendPaths['/api/entries']['get']['parameters']['query']>;
export type EntryStatus = Entry['status'];
export type EntrySort = NonNullable<EntryListQuery['sort']>;

export type MyTenants = Json<PlatformPaths['/v1/me/tenants']['get']['responses'][200]>;
export type MyTenant = MyTenants['items'][number];
export type TenantDetail = Json<PlatformPaths['/v1/tenants/{name}']['get']['responses'][200]>;
export type TenantSummary = Json<PlatformPaths['/v1/tenants']['get']['responses'][200]>['items'][number];
export type TenantCondition = TenantDetail['conditions'][number];
export type TenantPhase = TenantDetail['phase'];
export type CreateTenantInput = NonNullable<PlatformPaths['/v1/tenants']['post']['requestBody']>['content']['application/json'];
export type TenantEventData = PlatformSchemas['TenantEventData'];

export type Membership = Json<PlatformPaths['/v1/policy/tenants/{tenant}/memberships/{id}']['patch']['responses'][200]>;
export type MembershipInput = NonNullable<PlatformPaths['/v1/policy/tenants/{tenant}/memberships']['post']['requestBody']>['content']['application/json'];
export type Role = Json<PlatformPaths['/v1/policy/roles/{role}']['get']['responses'][200]>;

export type WebhookSubscription = Json<PlatformPaths['/v1/webhooks/subscriptions']['get']['responses'][200]>['items'][number];
export type CreatedWebhookSubscription = Json<PlatformPaths['/v1/webhooks/subscriptions']['post']['responses'][201]>;
export type WebhookSubscriptionInput = NonNullable<PlatformPaths['/v1/webhooks/subscriptions']['post']['requestBody']>['content']['application/json'];
export type LifecycleEventType = WebhookSubscription['eventTypes'][number];
export type WebhookDeliveryQuery = NonNullable<PlatformPaths['/v1/webhooks/deliveries']['get']['parameters']['query']>;
export type WebhookDelivery = Json<PlatformPaths['/v1/webhooks/deliveries']['get']['responses'][200]>['items'][number];
export type WebhookDeliveryStatus = WebhookDelivery['status'];
export type WebhookAttempt = Json<PlatformPaths['/v1/webhooks/deliveries/{id}/attempts']['get']['responses'][200]>['items'][number];

/** RFC 9457 problem details, as every Tenantry service answers errors (the `Problem` schema of both documents). */
export type Problem = BackendComponents['schemas']['Problem'];
