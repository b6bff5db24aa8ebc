// LISTENs for policy changes made by other replicas and keeps the local resolution cache honest about them.
import pg from 'pg';
import type { Logger } from '@tenantry/runtime';
import { policyChangedChannel } from './policy-repository.js';
import type { ResolutionCache } from './resolution-cache.js';

export interface PolicyChangeFeedOptions {
  readonly databaseUrl: string;
  readonly cache: ResolutionCache;
  /** This replica's origin: its own notifications are skipped (it invalidated already). */
  readonly origin: string;
  readonly logger: Logger;
  readonly maxReconnectDelayMs?: number;
}

export interface PolicyChangeFeed {
  /** Resolves after the first attempt to listen; until listening, and whenever the connection is lost, the cache is off. */
  start(): Promise<void>;
  stop(): Promise<void>;
  listening(): boolean;
}

/**
 * One dedicated connection per replica (LISTEN is per session, so a pooled connection will not do).
 * A notification is only delivered while connected: when the connection drops, changes may be missed,
 * so the cache is switched off until the LISTEN is back, then cleared and switched on again.
 */
export function createPolicyChangeFeed(options: PolicyChangeFeedOptions): PolicyChangeFeed {
  const { databaseUrl, cache, origin, logger, maxReconnectDelayMs = 10_000 } = options;
  let client: pg.Client | undefined;
  let stopping = false;
  let listening = false;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let delay = 250;

  const lost = (from: pg.Client, error: unknown): void => {
    // Events of a connection already given up (a late 'end') must not tear down its successor.
    if (stopping || client !== from) return;
    client = undefined;
    listening = false;
    cache.setEnabled(false);
    logger.warn('policy change feed lost; cache off until it is back', { error, retryInMs: delay });
    from.end().catch(() => undefined);
    reconnectTimer = setTimeout(() => void connect(), delay);
    delay = Math.min(delay * 2, maxReconnectDelayMs);
  };

  const connect = (): Promise<void> => {
    const candidate = new pg.Client({ connectionString: databaseUrl, keepAlive: true });
    client = candidate;
    candidate.on('error', (error) => lost(candidate, error));
    candidate.on('end', () => lost(candidate, new Error('connection ended')));
    candidate.on('notification', (message) => {
      if (message.channel !== policyChangedChannel || originOf(message.payload) === origin) return;
      cache.invalidate();
      logger.debug('policy changed elsewhere; cache cleared', { payload: message.payload });
    });
    return candidate.connect()
      .then(() => candidate.query(`LISTEN ${pg.escapeIdentifier(policyChangedChannel)}`))
      .then(() => {
        if (client !== candidate) return;
        // Whatever happened while not listening is unknown: start again from an empty cache.
        cache.setEnabled(true);
        listening = true;
        delay = 250;
        logger.info('policy change feed listening', { channel: policyChangedChannel });
      }, (error: unknown) => lost(candidate, error));
  };

  return {
    async start() {
      stopping = false;
      cache.setEnabled(false);
      await connect();
    },
    async stop() {
      stopping = true;
      clearTimeout(reconnectTimer);
      listening = false;
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
    listening: () => listening,
  };
}

function originOf(payload: string | undefined): string | undefined {
  try {
    return (JSON.parse(payload ?? '') as { origin?: string }).origin;
  } catch {
    return undefined;
  }
}
