// Public surface of the backend package: what other packages' tests may reuse (schemas and settings), and the
// entries SQL, which the benchmark's floor runs so that it measures the very statements the backend sends.
export { backendConfigSchema, loadBackendConfig, type BackendConfig } from './config.js';
export { entryInputSchema, entryListQuerySchema, entryPageSchema, entrySchema, type Entry } from './entries/entry-schemas.js';
export { insertEntry, listEntries } from './entries/entries-repository.js';
