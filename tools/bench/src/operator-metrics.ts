// Reads the operator's own /metrics: how many tenant reconciles it finished and what is still queued,
// which tells a benchmark when a restarted operator has looked at every tenant.
import { eventually, type NodeService } from '@tenantry/harness';

export interface OperatorProgress {
  readonly tenantReconciles: number;
  readonly queueDepth: number;
  /** V8 heap in use (prom-client's nodejs_heap_size_used_bytes), in MB: how much of the RSS is live objects. */
  readonly heapUsedMb: number;
}

export async function operatorProgress(operator: NodeService): Promise<OperatorProgress> {
  const text = await (await fetch(`${operator.url}/metrics`)).text();
  const sum = (pattern: RegExp) => [...text.matchAll(pattern)].reduce((total, match) => total + Number(match[1]), 0);
  return {
    tenantReconciles: sum(/^tenantry_reconcile_total\{[^}]*kind="tenant"[^}]*\} (\S+)$/gm),
    queueDepth: sum(/^tenantry_workqueue_depth(?:\{[^}]*\})? (\S+)$/gm),
    heapUsedMb: sum(/^nodejs_heap_size_used_bytes(?:\{[^}]*\})? (\S+)$/gm) / 1024 / 1024,
  };
}

/** Waits until the operator has reconciled at least `tenants` tenants and nothing is queued. */
export async function settled(operator: NodeService, tenants: number, timeoutMs = 120_000): Promise<OperatorProgress> {
  return eventually(`the operator reconciles all ${tenants} tenants once`, async () => {
    const progress = await operatorProgress(operator);
    if (progress.tenantReconciles < tenants || progress.queueDepth > 0) {
      throw new Error(`${progress.tenantReconciles} reconciles, ${progress.queueDepth} queued`);
    }
    return progress;
  }, { timeoutMs, intervalMs: 100 });
}
