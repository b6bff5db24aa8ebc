// The platform's own Prometheus metrics, beside the runtime's HTTP and process metrics.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Tenant } from '@tenantry/runtime';
import { tenantPhase } from './tenants/tenant-view.js';
import { oauthErrorCodes, type OAuthErrorCode } from './tokens/token-errors.js';

/** How a token request ended: a token, or the OAuth error answered. */
export type TokenExchangeOutcome = 'issued' | OAuthErrorCode;

export interface PlatformMetrics {
  /** One permission resolution, answered from the cache or not. */
  resolution(cached: boolean): void;
  /** One request to the token endpoint, and how long it took. */
  tokenExchange(outcome: TokenExchangeOutcome, seconds: number): void;
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
  const exchanges = new Counter({
    name: 'tenantry_token_exchanges_total',
    help: 'Requests to the token endpoint, by outcome: issued, or the OAuth error code answered.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const exchangeDuration = new Histogram({
    name: 'tenantry_token_exchange_duration_seconds',
    help: 'Duration of token endpoint requests in seconds, by outcome.',
    labelNames: ['outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  // Every outcome from the start: a rate over a series that appears only on its first failure reads as nothing.
  for (const outcome of ['issued', ...oauthErrorCodes] as const) exchanges.inc({ outcome }, 0);
  return {
    resolution: (cached) => resolutions.inc({ cache: cached ? 'hit' : 'miss' }),
    tokenExchange(outcome, seconds) {
      exchanges.inc({ outcome });
      exchangeDuration.observe({ outcome }, seconds);
    },
  };
}
