// Reads the operator's own /metrics: how many tenant reconciles it finished and what is still queued,
// which tells a benchmark when a restarted operator has looked at every tenant.
import { eventually, type NodeService } from '@tenantry/harness';

export interface OperatorProgress {
  readonly tenantReconciles: number;
  /** Seconds spent inside tenant reconciles so far (the duration histogram's sum). */
  readonly tenantReconcileSeconds: number;
  readonly queueDepth: number;
  /** V8 heap in use (prom-client's nodejs_heap_size_used_bytes), in MB: how much of the RSS is live objects. */
  readonly heapUsedMb: number;
  /** Where the RSS goes: V8's heap spaces (size / used, MB) and memory outside the heap. */
  readonly memoryDetail: string;
}

export async function operatorProgress(operator: NodeService): Promise<OperatorProgress> {
  const text = await (await fetch(`${operator.url}/metrics`)).text();
  const sum = (pattern: RegExp) => [...text.matchAll(pattern)].reduce((total, match) => total + Number(match[1]), 0);
  return {
    tenantReconciles: sum(/^tenantry_reconcile_total\{[^}]*kind="tenant"[^}]*\} (\S+)$/gm),
    tenantReconcileSeconds: sum(/^tenantry_reconcile_duration_seconds_sum\{[^}]*kind="tenant"[^}]*\} (\S+)$/gm),
    queueDepth: sum(/^tenantry_workqueue_depth(?:\{[^}]*\})? (\S+)$/gm),
    heapUsedMb: sum(/^nodejs_heap_size_used_bytes(?:\{[^}]*\})? (\S+)$/gm) / 1024 / 1024,
    memoryDetail: memoryDetail(text),
  };
}

function memoryDetail(text: string): string {
  const mb = (pattern: RegExp) => [...text.matchAll(pattern)].map((match) => [match[1]!, Number(match[2]) / 1024 / 1024] as const);
  const sizes = new Map(mb(/^nodejs_heap_space_size_total_bytes\{[^}]*space="([^"]+)"[^}]*\} (\S+)$/gm));
  const used = new Map(mb(/^nodejs_heap_space_size_used_bytes\{[^}]*space="([^"]+)"[^}]*\} (\S+)$/gm));
  const spaces = [...sizes].filter(([, size]) => size >= 1).map(([space, size]) => `${space} ${size.toFixed(0)}/${(used.get(space) ?? 0).toFixed(0)}`);
  const external = mb(/^nodejs_(external)_memory_bytes(?:\{[^}]*\})? (\S+)$/gm).map(([, value]) => value)[0] ?? 0;
  return `heap spaces size/used MB: ${spaces.join(', ')}; external ${external.toFixed(0)} MB`;
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
