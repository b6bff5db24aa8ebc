// Public surface of the backend package: what other packages' tests may reuse (schemas and settings).
export { backendConfigSchema, loadBackendConfig, type BackendConfig } from './config.js';
export { entryInputSchema, entryListQuerySchema, entryPageSchema, entrySchema, type Entry } from './entries/entry-schemas.js';
