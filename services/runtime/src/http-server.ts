// Starts an HTTP server for an Express app and stops it gracefully: drain in-flight requests, then force.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from './logger.js';

export interface HttpServerOptions {
  /** An Express app or any Node request listener. */
  readonly app: http.RequestListener;
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly host?: string;
  readonly logger: Logger;
  /** How long close() lets in-flight requests finish before destroying their sockets. */
  readonly shutdownTimeoutMs?: number;
  /** How long a client may take to send its request line and headers (slow headers are cut, 408). */
  readonly headersTimeoutMs?: number;
  /** How long a client may take to send its whole request, body included (a dribbled body is cut, 408). */
  readonly requestTimeoutMs?: number;
  /** How long an idle keep-alive connection is kept open. */
  readonly keepAliveTimeoutMs?: number;
  /** Open connections at most; more are refused at accept. */
  readonly maxConnections?: number;
}

/** Bounds every process's listener gets: no client can hold a connection for long without finishing a request. */
export const HTTP_SERVER_DEFAULTS = {
  headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, maxConnections: 10_000,
} as const;

/**
 * The keep-alive timeout of services only other Tenantry processes call (backend, platform): well above how long
 * their callers keep an idle socket (the gateway's proxy: 30 s; undici follows the Keep-Alive hint), so a caller
 * never reuses a socket the service is closing at that moment.
 */
export const internalKeepAliveTimeoutMs = 65_000;

export interface RunningServer {
  /** `http://host:port`, with the port actually bound. */
  readonly url: string;
  readonly port: number;
  /** For protocol upgrades and other low-level needs. */
  readonly server: http.Server;
  /** Stops accepting, waits for in-flight requests (up to the timeout), then destroys what is left. */
  close(): Promise<void>;
}

export async function startHttpServer({
  app,
  port,
  host = '127.0.0.1',
  logger,
  shutdownTimeoutMs = 10_000,
  headersTimeoutMs = HTTP_SERVER_DEFAULTS.headersTimeoutMs,
  requestTimeoutMs = HTTP_SERVER_DEFAULTS.requestTimeoutMs,
  keepAliveTimeoutMs = HTTP_SERVER_DEFAULTS.keepAliveTimeoutMs,
  maxConnections = HTTP_SERVER_DEFAULTS.maxConnections,
}: HttpServerOptions): Promise<RunningServer> {
  // Node checks the two request timeouts only every connectionsCheckingInterval (30 s by default): a dribbled
  // request would live that much longer than the limit says.
  const server = http.createServer({
    headersTimeout: headersTimeoutMs, requestTimeout: requestTimeoutMs, keepAliveTimeout: keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.min(1_000, headersTimeoutMs),
  });
  server.maxConnections = maxConnections;
  const inFlight = new Set<http.ServerResponse>();
  let closing: Promise<void> | undefined;

  // Registered before the app so a response the app ends synchronously is still tracked.
  server.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    inFlight.add(res);
    if (closing !== undefined) res.shouldKeepAlive = false;
    res.once('close', () => {
      inFlight.delete(res);
      // The socket of a finished keep-alive response is idle now: do not let it hold close() open.
      if (closing !== undefined) setImmediate(() => server.closeIdleConnections());
    });
  });

  server.on('request', app);

  await listen(server, port, host);
  const boundPort = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`;
  logger.info('http server listening', { url });

  const close = (): Promise<void> => {
    closing ??= drain(server, inFlight, { logger, shutdownTimeoutMs, url });
    return closing;
  };
  return { url, port: boundPort, server, close };
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

interface DrainOptions {
  readonly logger: Logger;
  readonly shutdownTimeoutMs: number;
  readonly url: string;
}

async function drain(server: http.Server, inFlight: Set<http.ServerResponse>, options: DrainOptions): Promise<void> {
  const { logger, shutdownTimeoutMs, url } = options;
  const started = Date.now();
  logger.info('http server stopping', { url, inFlight: inFlight.size });
  const closed = new Promise<void>((resolve, reject) => {
    server.close((error) => (error === undefined ? resolve() : reject(error)));
  });
  // Responses not started yet go out with `Connection: close`; idle keep-alive sockets go now.
  for (const res of inFlight) if (!res.headersSent) res.shouldKeepAlive = false;
  server.closeIdleConnections();
  const timer = setTimeout(() => {
    logger.warn('http server shutdown timed out', { url, shutdownTimeoutMs, inFlight: inFlight.size });
    server.closeAllConnections();
  }, shutdownTimeoutMs);
  try {
    await closed;
  } finally {
    clearTimeout(timer);
  }
  logger.info('http server stopped', { url, durationMs: Date.now() - started });
}
