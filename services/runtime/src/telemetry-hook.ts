// Remembers the instrumentations the --import register module enabled, so startTelemetry knows the hook ran.
import type { Instrumentation } from '@opentelemetry/instrumentation';

let enabledByHook: readonly Instrumentation[] | undefined;

export function recordHookInstrumentations(instrumentations: readonly Instrumentation[]): void {
  enabledByHook = instrumentations;
}

/** The instrumentations enabled before the entry module was imported; undefined when the hook did not run. */
export function hookInstrumentations(): readonly Instrumentation[] | undefined {
  return enabledByHook;
}
