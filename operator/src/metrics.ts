// The operator's Prometheus metrics: reconcile results and durations, provisioning time by tier,
// tenants by phase, stalled tenants and the work queue's depth.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { TenantStatus } from '@tenantry/runtime';

// A Record so the compiler notices a phase added to the CRD; every phase is exported, 0 included, so a
// dashboard's "tenants by phase" and an alert over one phase never read an absent series as "no data".
const TENANT_PHASES: Record<NonNullable<TenantStatus['phase']>, true> = {
  Pending: true, Provisioning: true, Migrating: true, Ready: true, Suspended: true, Deleting: true, Failed: true,
};

export const reconcileKinds = ['tenant', 'server', 'rollout'] as const;
export type ReconcileKind = (typeof reconcileKinds)[number];

export interface OperatorMetrics {
  reconciled(kind: ReconcileKind, result: 'success' | 'error', seconds: number): void;
  provisioned(tier: string, seconds: number): void;
}

export interface OperatorMetricsSources {
  readonly phases: () => ReadonlyMap<string, number>;
  readonly stalled: () => number;
  readonly queueDepth: () => number;
}

export function createOperatorMetrics(registry: Registry, sources: OperatorMetricsSources): OperatorMetrics {
  const reconciles = new Counter({
    name: 'tenantry_reconcile_total', help: 'Reconcile passes by resource kind and result',
    labelNames: ['kind', 'result'] as const, registers: [registry],
  });
  const reconcileDuration = new Histogram({
    name: 'tenantry_reconcile_duration_seconds', help: 'Duration of one reconcile pass',
    labelNames: ['kind'] as const, buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const provisioning = new Histogram({
    name: 'tenantry_tenant_provisioning_duration_seconds', help: 'Time from Tenant creation to its first Ready',
    labelNames: ['tier'] as const, buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
    registers: [registry],
  });
  new Gauge({
    name: 'tenantry_tenants', help: 'Tenants by phase', labelNames: ['phase'] as const, registers: [registry],
    collect() {
      this.reset();
      for (const phase of Object.keys(TENANT_PHASES)) this.set({ phase }, 0);
      for (const [phase, count] of sources.phases()) this.set({ phase }, count);
    },
  });
  new Gauge({
    name: 'tenantry_tenants_stalled', help: 'Tenants whose Stalled condition is True (they need a human)',
    registers: [registry],
    collect() {
      this.set(sources.stalled());
    },
  });
  new Gauge({
    name: 'tenantry_workqueue_depth', help: 'Keys waiting in the reconcile queue', registers: [registry],
    collect() {
      this.set(sources.queueDepth());
    },
  });
  // Every series from the start: a rate over a series that appears only on its first error reads as nothing.
  for (const kind of reconcileKinds) {
    for (const result of ['success', 'error'] as const) reconciles.inc({ kind, result }, 0);
  }
  return {
    reconciled(kind, result, seconds) {
      reconciles.inc({ kind, result });
      reconcileDuration.observe({ kind }, seconds);
    },
    provisioned(tier, seconds) {
      provisioning.observe({ tier }, seconds);
    },
  };
}
