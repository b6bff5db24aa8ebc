// Public API of @tenantry/gateway: the pieces main.ts wires, for tests and for the move to the runtime package.
export { loadGatewayConfig, gatewayConfigSchema } from './config.js';
export type { GatewayConfig, PlanLimit } from './config.js';
export { GatewayRejection, TENANT_HEADER, toProblem } from './gateway-errors.js';
export type { RejectionReason } from './gateway-errors.js';
export { createExternalTokenVerifier } from './external-token-verifier.js';
export { createTenantGate } from './tenant-gate.js';
export { createRateLimiter } from './rate-limiter.js';
export { createTokenCache } from './token-cache.js';
export { createTokenExchange, TokenExchangeError } from './token-exchange.js';
export { forwardedHeaders, isForgeableHeader } from './forwarded-headers.js';
export { createUpstreamProxy } from './upstream-proxy.js';
