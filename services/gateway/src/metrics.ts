// The gateway's own Prometheus metrics, beside the runtime's HTTP and process metrics.
import { Counter, type Registry } from 'prom-client';
import { rejectionReasons, type RejectionReason } from './gateway-errors.js';
import { exchangeOutcomes, type ExchangeOutcome } from './token-exchange.js';

export interface GatewayMetrics {
  tokenExchange(outcome: ExchangeOutcome): void;
  rejection(reason: RejectionReason): void;
}

export function createGatewayMetrics(registry: Registry): GatewayMetrics {
  const exchanges = new Counter({
    name: 'tenantry_gateway_token_exchanges_total',
    help: 'Token exchanges the gateway made at the platform (cache misses), by outcome.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const rejections = new Counter({
    name: 'tenantry_gateway_rejections_total',
    help: 'Requests the gateway answered itself with an error, by reason.',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  // Every series from the start: a rate over a series that appears only on its first increment reads as nothing.
  for (const outcome of exchangeOutcomes) exchanges.inc({ outcome }, 0);
  for (const reason of rejectionReasons) rejections.inc({ reason }, 0);
  return {
    tokenExchange: (outcome) => exchanges.inc({ outcome }),
    rejection: (reason) => rejections.inc({ reason }),
  };
}
