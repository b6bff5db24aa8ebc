// Public surface of the test harness.
export { startEnvironment, type Environment, type EnvironmentOptions } from './environment.js';
export { sharedEnvironment, stopSharedEnvironment } from './shared-environment.js';
export { ProcessStartError, startProcess, waitUntilReady, type ManagedProcess } from './managed-process.js';
export { MissingToolError, repositoryRoot, toolPath } from './tool-paths.js';
export { freePort } from './free-port.js';
export { ensureDatabase, type Postgres } from './postgres.js';
export type { CommandResult } from './kubectl.js';
export { eventually } from './eventually.js';
export { CrdInstallError, crdDirectory, defaultCrdFiles, installCrds } from './crds.js';
export { RUN_COMPILED_VARIABLE, compiledPath, startNodeService, type NodeService, type NodeServiceOptions } from './node-service.js';
export { registerDatabaseServer, type RegisterDatabaseServerOptions } from './database-server.js';
export { InvalidExpositionError, parseExposition, type MetricFamily, type MetricType, type Sample } from './prometheus-exposition.js';
export { InvalidPromQLError, metricNamesIn } from './promql-metric-names.js';
export { scanForSecrets, type SecretFinding, type SecretKind } from './secret-scanner.js';
export { SecretInLogError, createLogSecretScan, registerKnownSecrets, type LogSecretFinding, type LogSecretScan } from './log-secret-scan.js';
