// Names the tenant a request or reconcile is for, once, on everything that records it: the log lines of
// the unit of work (its access line included) and the active span, so traces can be searched by tenant.
import { trace } from '@opentelemetry/api';
import { annotateLogContext } from './log-context.js';

export const TENANT_SPAN_ATTRIBUTE = 'tenantry.tenant';

export function recordTenant(tenantId: string): void {
  annotateLogContext({ tenantId });
  trace.getActiveSpan()?.setAttribute(TENANT_SPAN_ATTRIBUTE, tenantId);
}
