// Delivers what the outbox owes: claims due deliveries under a lease, POSTs each event signed per Standard Webhooks,
// and records every attempt; a failure is retried with exponential backoff until it is dead-lettered.
import type { Logger } from '@tenantry/runtime';
import type { ConnectionBudget } from '../database/connection-budget.js';
import { toCloudEvent } from '../lifecycle/cloud-event.js';
import type { AttemptResult, ClaimedDelivery, DeliveryRepository } from './delivery-repository.js';
import type { SecretBox } from './webhook-secret-box.js';
import type { WebhookSender } from './webhook-sender.js';
import { signWebhook } from './webhook-signature.js';

export interface DeliverySettings {
  /** A claim lasts this long: longer than an attempt may take, so only a replica that died loses it. */
  readonly leaseMs: number;
  /** After the n-th failure the next attempt waits retryBaseMs × 2^(n-1) (with jitter), at most retryMaxMs. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** Attempts before a delivery is dead-lettered. */
  readonly maxAttempts: number;
  /** How often to look for due deliveries when nothing wakes the dispatcher. */
  readonly pollMs: number;
  readonly concurrency: number;
}

export interface DeliveryDispatcherOptions {
  readonly deliveries: DeliveryRepository;
  readonly secrets: SecretBox;
  readonly send: WebhookSender;
  readonly replica: string;
  readonly settings: DeliverySettings;
  /** Bounds the bookkeeping statements of the attempts in flight (the HTTP calls themselves are not held to it). */
  readonly budget?: ConnectionBudget;
  readonly logger: Logger;
}

export interface DeliveryDispatcher {
  start(): void;
  /** Looks for due deliveries now (a new event was recorded, a delivery was redelivered). */
  wake(): void;
  /** Stops claiming and waits for the attempts in flight. */
  stop(): Promise<void>;
}

/** The delay before the attempt after `failures` failed ones: exponential, full jitter on the upper half. */
export function retryDelayMs(failures: number, { retryBaseMs, retryMaxMs }: Pick<DeliverySettings, 'retryBaseMs' | 'retryMaxMs'>): number {
  const ceiling = Math.min(retryMaxMs, retryBaseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

export function createDeliveryDispatcher(options: DeliveryDispatcherOptions): DeliveryDispatcher {
  const { secrets, send, replica, settings, budget, logger } = options;
  const inBudget = <T>(work: () => Promise<T>) => (budget === undefined ? work() : budget.run(work));
  const deliveries = {
    claim: (limit: number) => inBudget(() => options.deliveries.claim(replica, limit, settings.leaseMs)),
    succeeded: (result: AttemptResult) => inBudget(() => options.deliveries.succeeded(result)),
    failed: (result: AttemptResult, retryInMs: number) => inBudget(() => options.deliveries.failed(result, retryInMs, settings.maxAttempts)),
  };
  const inFlight = new Set<Promise<void>>();
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let claiming = false;
  let wakeAgain = false;

  const attempt = async (delivery: ClaimedDelivery): Promise<void> => {
    const startedAt = new Date();
    const body = JSON.stringify(toCloudEvent(delivery));
    let outcome;
    try {
      const secret = secrets.open(delivery.secretSealed, delivery.subscriptionId);
      const signed = signWebhook(secret, delivery.id, Math.floor(Date.now() / 1000), body);
      outcome = await send(delivery.url, { ...signed, 'content-type': 'application/cloudevents+json' }, body);
    } catch (error) {
      outcome = { succeeded: false, error: `not sent: ${error instanceof Error ? error.message : String(error)}`, durationMs: 0 };
    }
    const result = {
      deliveryId: delivery.id, replica, startedAt, durationMs: outcome.durationMs,
      ...(outcome.statusCode === undefined ? {} : { statusCode: outcome.statusCode }),
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
    };
    if (outcome.succeeded) {
      await deliveries.succeeded(result);
      logger.info('webhook delivered', { delivery: delivery.id, type: delivery.eventType, tenant: delivery.tenant, status: outcome.statusCode, ms: outcome.durationMs });
      return;
    }
    const failures = delivery.attempts + 1;
    const retryInMs = retryDelayMs(failures, settings);
    await deliveries.failed(result, retryInMs);
    const dead = failures >= settings.maxAttempts;
    logger.warn(dead ? 'webhook dead-lettered' : 'webhook attempt failed; will retry', {
      delivery: delivery.id, type: delivery.eventType, tenant: delivery.tenant, attempt: failures, status: outcome.statusCode,
      error: outcome.error, ...(dead ? {} : { retryInMs }),
    });
  };

  const track = (delivery: ClaimedDelivery) => {
    const task = attempt(delivery)
      .catch((error: unknown) => logger.warn('webhook attempt not recorded; its lease will expire and it is retried', { delivery: delivery.id, error }))
      .finally(() => {
        inFlight.delete(task);
        schedule(0);
      });
    inFlight.add(task);
  };

  const claim = async (): Promise<void> => {
    if (!running) return;
    if (claiming) {
      wakeAgain = true;
      return;
    }
    claiming = true;
    let claimed = 0;
    try {
      const free = settings.concurrency - inFlight.size;
      if (free > 0) {
        const due = await deliveries.claim(free);
        claimed = due.length;
        for (const delivery of due) track(delivery);
      }
    } catch (error) {
      logger.warn('claiming webhook deliveries failed; will retry', { error, retryInMs: settings.pollMs });
    } finally {
      claiming = false;
    }
    // A full batch may have left more due: look again as soon as a slot frees or at once if one is free.
    if (wakeAgain || (claimed > 0 && inFlight.size < settings.concurrency)) {
      wakeAgain = false;
      schedule(0);
    } else {
      schedule(settings.pollMs);
    }
  };

  function schedule(delayMs: number): void {
    if (!running) return;
    clearTimeout(timer);
    timer = setTimeout(() => void claim(), delayMs);
  }

  return {
    start() {
      running = true;
      schedule(0);
    },
    wake: () => schedule(0),
    async stop() {
      running = false;
      clearTimeout(timer);
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
  };
}
