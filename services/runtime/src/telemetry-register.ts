// Preloaded with `node --import @tenantry/runtime/telemetry/register <entry>`: installs the ESM loader hook and
// the instrumentations before the entry module imports http, express or pg. Does nothing when tracing is off.
import { register } from 'node:module';
import { tracingDecision } from './telemetry-settings.js';

if (tracingDecision().enabled) {
  // import-in-the-middle wraps only the modules an instrumentation hooks (its message channel tells the loader
  // which), so the rest of the program loads untouched.
  const { createAddHookMessageChannel } = await import('import-in-the-middle');
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
  // Imported only now, so that whatever they import goes through the hook as well.
  const { registerInstrumentations } = await import('@opentelemetry/instrumentation');
  const { createInstrumentations } = await import('./telemetry-instrumentations.js');
  const { recordHookInstrumentations } = await import('./telemetry-hook.js');
  const instrumentations = createInstrumentations();
  // Spans go to the global tracer provider, which startTelemetry installs once the process knows its name.
  registerInstrumentations({ instrumentations });
  recordHookInstrumentations(instrumentations);
  await waitForAllMessagesAcknowledged();
}
