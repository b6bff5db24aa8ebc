// Public surface of @tenantry/platform for other packages: the shapes other services read from its API.
export { resolutionSchema, checkResultSchema } from './policy/policy-schemas.js';
