// Public API of @tenantry/runtime: everything a Tenantry process needs to start, log, serve and stop.
export { TenantryError } from './errors.js';
export { parseDurationMs } from './duration.js';
export { ConfigError, envBoolean, envDurationMs, envUrl, parseConfig } from './config.js';
export type { ConfigProblem, EnvUrlOptions } from './config.js';
export { annotateLogContext, currentLogContext, outsideLogContext, withLogContext, withLogScope } from './log-context.js';
export type { LogContext } from './log-context.js';
export { REDACTED, isSensitiveKey, redact, redactString } from './redaction.js';
export type { SerializedError } from './redaction.js';
export { LOG_FORMATS, LOG_LEVELS, RESERVED_LOG_KEYS, createLogger } from './logger.js';
export type { LogFields, LogFormat, LogLevel, LogRecord, Logger, LoggerOptions } from './logger.js';
export {
  ProblemError,
  badRequest,
  conflict,
  fieldPath,
  forbidden,
  internalError,
  notFound,
  preconditionFailed,
  serviceUnavailable,
  tooManyRequests,
  unauthorized,
  unprocessable,
  validateBody,
  validateQuery,
} from './problem.js';
export type { ProblemDocument, ProblemFieldError, ProblemInit, ProblemOptions, UnauthorizedOptions } from './problem.js';
export { PROBLEM_CONTENT_TYPE, notFoundHandler, problemHandler, sendProblem } from './problem-handler.js';
export { ServiceError, serviceErrorProblem, type ServiceErrorKind, type ServiceErrorOptions } from './service-error.js';
export { UNMATCHED_ROUTE, routeTemplate, trackRouteTemplate } from './route-template.js';
export { directRoutes } from './direct-routes.js';
export type { DirectRoute, DirectRoutesOptions } from './direct-routes.js';
export { HTTP_DURATION_METRIC, createMetricsRegistry, httpMetricsMiddleware, metricsHandler } from './metrics.js';
export type { HttpMetricsOptions, MetricsRegistryOptions } from './metrics.js';
export { HTTP_SERVER_DEFAULTS, internalKeepAliveTimeoutMs, startHttpServer } from './http-server.js';
export type { HttpServerOptions, RunningServer } from './http-server.js';
export { healthRouter } from './health-router.js';
export type { HealthRouterOptions } from './health-router.js';
export { REQUEST_ID_HEADER, accessLog } from './access-log.js';
export type { AccessLogOptions } from './access-log.js';
export { createShutdownCoordinator, onShutdown } from './shutdown.js';
export type { ShutdownCoordinator, ShutdownHandler, ShutdownOptions } from './shutdown.js';

// Kubernetes resource types (./resources/*) are exported below by their owner.
export { createApiCatalog, createApiRouter } from './api-operations.js';
export type {
  ApiCatalog, ApiRouter, ApiRouterOptions, DocumentedOperation, HttpMethod, OperationHandler, OperationInput, OperationSpec,
} from './api-operations.js';
export { buildOpenApiDocument, problemSchema } from './openapi-document.js';
export type { AccessDescription, OpenApiInfo, OpenApiOptions } from './openapi-document.js';
export { IssuerUnavailableError, TokenRejectedError, createExternalTokenVerifier } from './external-token-verifier.js';
export type { ExternalPrincipal, ExternalTokenVerifier, ExternalTokenVerifierOptions, IdTokenIdentity } from './external-token-verifier.js';
export { createVerifiedTokenCache } from './verified-token-cache.js';
export type { VerifiedTokenCache, VerifiedTokenCacheOptions } from './verified-token-cache.js';
export { createResourceInformer, createTenantInformer, withoutManagedFields } from './resource-informer.js';
export { KeepAliveKubeConfig } from './kube-config.js';
export type { NamedObject, ResourceEvent, ResourceInformer, ResourceInformerOptions } from './resource-informer.js';
export { datasourceSchema, type Datasource } from './datasource.js';
export { authenticatorRoleName, authenticatorSecretName } from './resources/authenticator-names.js';
export {
  INTERNAL_TOKEN_ALGORITHMS, INTERNAL_TOKEN_TYPE, internalTokenPayloadSchema, internalTokenPrivateClaims, readInternalTokenClaims,
  type InternalTokenClaims,
} from './internal-token.js';
export { isPostgresUnavailable, withCheckedOutClient, type CheckedOutClient } from './postgres-sessions.js';
export * from './resources/tenantry-resources.js';
export { tenantAvailability, type TenantAvailability } from './resources/tenant-availability.js';
export { conditionIsTrue, findCondition, type WithConditions } from './resources/condition-lookup.js';
export { TELEMETRY_REGISTER_MODULE, startTelemetry } from './telemetry.js';
export type { Telemetry, TelemetryOptions } from './telemetry.js';
export { tracingDecision } from './telemetry-settings.js';
export type { TracingDecision } from './telemetry-settings.js';
export { activeTraceIds, detached, withSpan } from './telemetry-spans.js';
export { TENANT_SPAN_ATTRIBUTE, recordTenant } from './tenant-scope.js';
export type { SpanOptions } from './telemetry-spans.js';
