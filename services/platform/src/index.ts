// Public surface of @tenantry/platform for other packages: the shapes other services read from its API, and the
// policy SQL, which the benchmark's floor runs so that it measures the very statements the platform sends.
export { resolutionSchema, checkResultSchema } from './policy/policy-schemas.js';
export { createPolicyRepository } from './policy/policy-repository.js';
