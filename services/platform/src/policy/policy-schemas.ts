// The policy API's shapes as zod schemas: request validation, response shaping and the OpenAPI document.
import { z } from 'zod';
import { tenantNameSchema } from '../tenants/tenant-schemas.js';

export const roleNameSchema = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/,
  'expected a lower-case name of letters, digits and "-", starting with a letter, at most 63 characters');
export const permissionNameSchema = z.string().regex(/^[a-z][a-z0-9-]{0,39}:[a-z][a-z0-9-]{0,39}$/,
  'expected <resource>:<action> in lower case, e.g. entries:read');
const subjectSchema = z.string().min(1).max(255).describe('OIDC subject (`sub`) of the user');
const emailSchema = z.email().max(254);
const descriptionSchema = z.string().max(500);

export const roleParams = z.object({ role: roleNameSchema });
export const permissionParams = z.object({ permission: permissionNameSchema });
export const grantParams = z.object({ role: roleNameSchema, permission: permissionNameSchema });
export const tenantParams = z.object({ tenant: tenantNameSchema });
export const membershipParams = z.object({ tenant: tenantNameSchema, id: z.string().regex(/^[1-9][0-9]{0,17}$/, 'expected a membership id') });

export const createRoleBody = z.strictObject({
  name: roleNameSchema,
  description: descriptionSchema.default(''),
  permissions: z.array(permissionNameSchema).max(100).default([]),
});
export const updateRoleBody = z.strictObject({ description: descriptionSchema });
export const createPermissionBody = z.strictObject({ name: permissionNameSchema, description: descriptionSchema.default('') });

export const createMembershipBody = z.strictObject({
  user: subjectSchema.optional(),
  email: emailSchema.optional().describe('Without `user`: the membership waits for the first sign-in with this verified e-mail'),
  role: roleNameSchema,
}).refine((body) => body.user !== undefined || body.email !== undefined, {
  message: 'name the user by `user` (OIDC subject), `email`, or both',
  path: ['user'],
});

export const changeMembershipBody = z.strictObject({ role: roleNameSchema });

export const resolveQuery = z.object({ user: subjectSchema, tenant: tenantNameSchema });
export const checkBody = z.strictObject({ user: subjectSchema, tenant: tenantNameSchema, permission: permissionNameSchema });
export const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.string().regex(/^[1-9][0-9]{0,17}$/, 'expected an audit entry id').optional(),
});

export const roleSchema = z.object({
  name: z.string(),
  description: z.string(),
  builtin: z.boolean(),
  permissions: z.array(z.string()),
});
export const permissionSchema = z.object({
  name: z.string(),
  description: z.string(),
  builtin: z.boolean().describe('Checked by the services: cannot be deleted'),
  roles: z.array(z.string()).describe('Roles granting this permission'),
});
export const membershipSchema = z.object({
  id: z.string(),
  tenant: z.string(),
  role: z.string(),
  user: z.string().nullable().describe('OIDC subject; null while pending'),
  email: z.string().nullable(),
  pending: z.boolean().describe('Waiting for the first sign-in with `email`'),
  source: z.enum(['api', 'tenant-spec']).describe('tenant-spec memberships mirror the Tenant\'s spec.admins'),
  createdAt: z.string(),
});
export const resolutionSchema = z.object({
  user: z.string(),
  tenant: z.string(),
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
});
export const checkResultSchema = z.object({ allowed: z.boolean(), reason: z.string() });
export const auditEntrySchema = z.object({
  id: z.string(),
  actor: z.string(),
  action: z.string(),
  occurredAt: z.string(),
  detail: z.record(z.string(), z.unknown()),
});

export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
