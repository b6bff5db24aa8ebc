// The platform's own Prometheus metrics, beside the runtime's HTTP and process metrics.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Tenant } from '@tenantry/runtime';
import { tenantPhase } from './tenants/tenant-view.js';

export interface PlatformMetrics {
  /** One permission resolution, answered from the cache or not. */
  resolution(cached: boolean): void;
}

export interface PlatformMetricsOptions {
  /** Read at scrape time for the tenants-by-phase gauge. */
  readonly tenants: () => readonly Tenant[];
}

export function createPlatformMetrics(registry: Registry, { tenants }: PlatformMetricsOptions): PlatformMetrics {
  const resolutions = new Counter({
    name: 'tenantry_policy_resolutions_total',
    help: 'Permission resolutions, by whether the in-memory cache answered.',
    labelNames: ['cache'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'tenantry_platform_tenants',
    help: 'Tenants in the platform\'s watch cache, by phase.',
    labelNames: ['phase'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const tenant of tenants()) this.inc({ phase: tenantPhase(tenant) });
    },
  });
  return {
    resolution: (cached) => resolutions.inc({ cache: cached ? 'hit' : 'miss' }),
  };
}
