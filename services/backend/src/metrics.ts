// The backend's own Prometheus metrics: open tenant pools, their connections, and evictions.
import { Counter, Gauge, type Registry } from 'prom-client';

export interface BackendMetrics {
  poolEvicted(): void;
}

export interface BackendMetricsOptions {
  /** Read at scrape time. */
  readonly openPools: () => number;
  readonly connections: () => number;
}

export function createBackendMetrics(registry: Registry, { openPools, connections }: BackendMetricsOptions): BackendMetrics {
  new Gauge({
    name: 'tenantry_backend_tenant_pools',
    help: 'Tenant connection pools open now.',
    registers: [registry],
    collect() {
      this.set(openPools());
    },
  });
  new Gauge({
    name: 'tenantry_backend_db_connections',
    help: 'Connections open to tenant storage now, over every pool.',
    registers: [registry],
    collect() {
      this.set(connections());
    },
  });
  const evictions = new Counter({
    name: 'tenantry_backend_tenant_pool_evictions_total',
    help: 'Tenant pools closed to make room for another tenant (LRU, pool count or connection cap).',
    registers: [registry],
  });
  return { poolEvicted: () => evictions.inc() };
}
