// The tenants API's shapes as zod schemas. The CRD stays authoritative for Tenant validation: these check
// the request's shape early, and whatever the API server still refuses comes back with its own message.
import { z } from 'zod';

export const tenantNameSchema = z.string().max(40).regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/,
  'expected a DNS label of at most 40 characters: lower-case letters, digits and "-", starting with a letter');

export const tenantTiers = ['pool', 'silo'] as const;
export const tenantPlans = ['free', 'standard', 'enterprise'] as const;
export const deletionPolicies = ['Retain', 'Delete'] as const;
// Control characters are what this pattern is for.
// eslint-disable-next-line no-control-regex
export const displayNamePattern = /^[^\x00-\x1F\x7F-\x9F\u200E\u200F\u202A-\u202E\u2066-\u2069]+$/u;

export const tenantPhases = ['Pending', 'Provisioning', 'Migrating', 'Ready', 'Suspended', 'Deleting', 'Failed'] as const;

export const tenantParams = z.object({ name: tenantNameSchema });

export const createTenantBody = z.strictObject({
  name: tenantNameSchema,
  // The CRD's pattern: no control characters (C0, DEL, C1) and no bidirectional overrides that disguise text.
  displayName: z.string().min(1).max(100).regex(displayNamePattern, 'must not contain control or bidirectional-override characters'),
  tier: z.enum(tenantTiers).default('pool').describe('pool: a schema in a shared database; silo: a dedicated database'),
  plan: z.enum(tenantPlans).default('standard'),
  admins: z.array(z.email().max(254)).max(50).default([]).describe('E-mail addresses of the first tenant admins'),
  deletionPolicy: z.enum(deletionPolicies).default('Retain').describe('What happens to the storage when the tenant is deleted'),
  databaseServer: z.string().min(1).max(63).optional().describe('DatabaseServer to place the tenant on; placement picks one when absent'),
});
export type CreateTenantInput = z.infer<typeof createTenantBody>;

const conditionSchema = z.object({
  type: z.string(),
  status: z.enum(['True', 'False', 'Unknown']),
  reason: z.string(),
  message: z.string(),
  lastTransitionTime: z.string(),
  observedGeneration: z.number().int().optional(),
});

export const tenantSummarySchema = z.object({
  name: z.string(),
  displayName: z.string(),
  tier: z.enum(tenantTiers),
  plan: z.enum(tenantPlans),
  suspended: z.boolean(),
  phase: z.enum(tenantPhases),
  ready: z.boolean().describe('The Ready condition is True: the spec is carried out (a suspended tenant is Ready too)'),
  serving: z.boolean().describe('The tenant serves requests: provisioned, not suspended, not being deleted'),
  message: z.string().optional(),
  createdAt: z.string().optional(),
});

export const tenantDetailSchema = tenantSummarySchema.extend({
  admins: z.array(z.string()),
  deletionPolicy: z.enum(deletionPolicies),
  databaseServer: z.string().optional(),
  generation: z.number().int().optional(),
  observedGeneration: z.number().int().optional(),
  conditions: z.array(conditionSchema),
  storage: z.object({
    server: z.string().optional(),
    host: z.string().optional(),
    port: z.number().int().optional(),
    database: z.string().optional(),
    schema: z.string().optional(),
    role: z.string().optional(),
    secretName: z.string().optional(),
  }).optional().describe('Where the operator placed the tenant\'s data (status.database)'),
  migrations: z.object({ applied: z.number().int().optional(), latest: z.string().optional() }).optional(),
  credentials: z.object({
    username: z.string().optional().describe('The login role the credentials Secret holds now'),
    rotateEvery: z.string().optional().describe('spec.credentials.rotateEvery: the rotation schedule, when there is one'),
    gracePeriod: z.string().describe('How long the previous login keeps working after a rotation'),
    rotatedAt: z.string().optional(),
    nextRotationAt: z.string().optional(),
    rotationPending: z.boolean().describe('A rotation was asked for and is not carried out yet'),
    retiring: z.object({ username: z.string(), retiresAt: z.string() }).optional().describe('The previous login, working until retiresAt'),
  }).optional().describe('The tenant\'s database login and its rotation (status.credentials)'),
  provisionedAt: z.string().optional(),
  deletionRequestedAt: z.string().optional(),
});

export const tenantListSchema = z.object({ items: z.array(tenantSummarySchema) });

export type TenantSummary = z.infer<typeof tenantSummarySchema>;
export type TenantDetail = z.infer<typeof tenantDetailSchema>;

/** The data of each event of the live stream (GET /v1/tenant-events); `type` is also the event's name. */
export const tenantEventDataSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), items: z.array(tenantDetailSchema).describe('Every tenant, by name') }),
  z.object({ type: z.literal('upsert'), tenant: tenantDetailSchema }),
  z.object({ type: z.literal('delete'), name: z.string() }),
]);
export type TenantEventData = z.infer<typeof tenantEventDataSchema>;

/** GET /v1/me/tenants: who the caller is, and the tenants they may use with what they may do there. */
export const myTenantsSchema = z.object({
  user: z.object({
    subject: z.string(),
    email: z.string().optional().describe('Verified e-mail, from the ID token sent in X-Id-Token'),
    platformAdmin: z.boolean().describe('Member of the platform admin group: may use the tenants API'),
  }),
  items: z.array(z.object({
    name: z.string(),
    displayName: z.string(),
    phase: z.enum(tenantPhases),
    suspended: z.boolean(),
    roles: z.array(z.string()),
    permissions: z.array(z.string()),
  })).describe('Tenants the caller is a member of, by name'),
});
export type MyTenants = z.infer<typeof myTenantsSchema>;
