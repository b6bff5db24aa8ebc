// The backend's own Prometheus metrics: databases with connections, the connections, evictions, busy tenants.
import { Counter, Gauge, type Registry } from 'prom-client';

export interface BackendMetrics {
  connectionEvicted(): void;
}

export interface BackendMetricsOptions {
  /** Read at scrape time. */
  readonly databases: () => number;
  readonly connections: () => number;
  readonly busyTenants: () => number;
}

export function createBackendMetrics(registry: Registry, { databases, connections, busyTenants }: BackendMetricsOptions): BackendMetrics {
  new Gauge({
    name: 'tenantry_backend_database_pools',
    help: 'Tenant databases (per server and login) with connections open now.',
    registers: [registry],
    collect() {
      this.set(databases());
    },
  });
  new Gauge({
    name: 'tenantry_backend_db_connections',
    help: 'Connections open to tenant storage now, over every database.',
    registers: [registry],
    collect() {
      this.set(connections());
    },
  });
  new Gauge({
    name: 'tenantry_backend_busy_tenants',
    help: 'Tenants with requests on their storage now.',
    registers: [registry],
    collect() {
      this.set(busyTenants());
    },
  });
  const evictions = new Counter({
    name: 'tenantry_backend_connection_evictions_total',
    help: 'Connections closed to make room under the connection cap for another database.',
    registers: [registry],
  });
  return { connectionEvicted: () => evictions.inc() };
}
