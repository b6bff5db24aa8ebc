// Sends a request (its body read beforehand) to an upstream through an undici Pool and streams the answer back unbuffered.
import type http from 'node:http';
import { Pool, type Dispatcher } from 'undici';
import type { Logger } from '@tenantry/runtime';
import { GatewayRejection } from './gateway-errors.js';
import { responseHeaders } from './forwarded-headers.js';

export interface UpstreamProxyOptions {
  readonly target: string;
  readonly logger: Logger;
  /** How long the upstream may take to send its headers, and then to send each next piece of the body. */
  readonly timeoutMs?: number;
  readonly maxSockets?: number;
  /** How long an idle upstream socket is kept; upstreamIdleSocketMs unless a test needs it short. */
  readonly idleSocketMs?: number;
}

export interface ForwardOptions {
  /** Path and query as the upstream should see them; appended to the target's own path. */
  readonly path: string;
  readonly headers: http.OutgoingHttpHeaders;
  /** The request body, read whole beforehand (readRequestBody); none for a request without one. */
  readonly body?: Buffer;
}

export interface UpstreamProxy {
  /** Resolves once the answer is streamed; rejects with `upstream_unavailable` when nothing could be answered. */
  forward(req: http.IncomingMessage, res: http.ServerResponse, options: ForwardOptions): Promise<void>;
  close(): Promise<void>;
}

/**
 * Well under the internal services' keep-alive timeout (the runtime's internalKeepAliveTimeoutMs, 65 s): reusing a
 * socket the upstream is closing at that moment resets the request (a 502), and a loaded event loop notices timers
 * late. undici takes the upstream's `Keep-Alive: timeout` hint less 2 s, capped here; without a hint, this.
 */
export const upstreamIdleSocketMs = 30_000;

export function createUpstreamProxy(options: UpstreamProxyOptions): UpstreamProxy {
  const { target, logger, timeoutMs = 60_000, maxSockets = 256, idleSocketMs = upstreamIdleSocketMs } = options;
  const base = new URL(target);
  const basePath = base.pathname.replace(/\/$/, '');
  const pool = new Pool(base.origin, {
    connections: maxSockets,
    // One request per connection at a time: a pipelined request behind one that fails would fail with it.
    pipelining: 1,
    keepAliveTimeout: idleSocketMs,
    keepAliveMaxTimeout: idleSocketMs,
    headersTimeout: timeoutMs,
    // Per pause between two pieces of the body, not for the whole of it: an event stream's heartbeats keep it open.
    bodyTimeout: timeoutMs,
  });
  const upstream = { logger, origin: base.origin };

  return {
    forward(req, res, { path, headers, body }) {
      const exchange = new ProxiedExchange(res, upstream);
      // Retries are deliberately none: undici fails a request whose connection breaks and never replays it (with
      // pipelining 1 no request waits behind another on a socket), so nothing reaches the backend twice; the idle
      // margin above is what keeps keep-alive from meeting a closing socket.
      pool.dispatch({
        origin: base.origin, method: req.method ?? 'GET', path: `${basePath}${path}`, headers: headers as Dispatcher.DispatchOptions['headers'],
        body: body ?? null,
      }, exchange);
      return exchange.settled;
    },
    close: () => pool.destroy(),
  };
}

interface Upstream {
  readonly logger: Logger;
  readonly origin: string;
}

const EXCHANGE = Symbol('tenantry.proxiedExchange');
type TrackedResponse = http.ServerResponse & { [EXCHANGE]?: ProxiedExchange };

/** One request's way through the proxy: undici's handler for the upstream's answer, written straight into `res`. */
class ProxiedExchange implements Dispatcher.DispatchHandler {
  readonly settled: Promise<void>;
  private controller: Dispatcher.DispatchController | undefined;
  private done = false;
  private drainWatched = false;
  private resolve!: () => void;
  private reject!: (error: unknown) => void;

  constructor(private readonly res: TrackedResponse, private readonly upstream: Upstream) {
    const { promise, resolve, reject } = Promise.withResolvers<void>();
    this.settled = promise;
    this.resolve = resolve;
    this.reject = reject;
    res[EXCHANGE] = this;
    // on(), not once(): 'close' comes once anyway, and once() would wrap the listener in a closure per request.
    res.on('close', onClientClose);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    // The client went away while the request waited for a connection.
    if (this.done) controller.abort(clientGone());
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: http.IncomingHttpHeaders, statusMessage?: string): void {
    if (this.done) return;
    this.res.writeHead(statusCode, statusMessage, responseHeaders(headers));
    // An event stream's first bytes may be a while coming: the client learns at once that it is connected.
    if (headers['content-type']?.startsWith('text/event-stream') === true) this.res.flushHeaders();
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.done) return;
    if (!this.res.write(chunk)) {
      // Backpressure: the upstream socket is read no further until the client has taken what it was sent.
      controller.pause();
      if (!this.drainWatched) {
        this.drainWatched = true;
        this.res.on('drain', onClientDrain);
      }
    }
  }

  onResponseEnd(): void {
    if (this.done) return;
    this.res.end();
    this.settle();
  }

  onResponseError(_controller: Dispatcher.DispatchController | null, error: Error): void {
    if (this.done) return;
    if (this.res.headersSent) {
      // Headers are gone already: all that is left is to cut the connection.
      this.upstream.logger.warn('upstream response interrupted', { error, upstream: this.upstream.origin });
      this.res.destroy();
      this.settle();
      return;
    }
    this.done = true;
    this.reject(new GatewayRejection('upstream_unavailable', 'The upstream service cannot be reached.', undefined, { cause: error }));
  }

  /** The response closed: answered in full, or the client went away, and then the upstream work stops too. */
  clientClosed(): void {
    if (this.done) return;
    this.settle();
    if (!this.res.writableFinished) this.controller?.abort(clientGone());
  }

  resumeUpstream(): void {
    this.controller?.resume();
  }

  private settle(): void {
    this.done = true;
    this.resolve();
  }
}

// Listeners shared by every response (the emitter is `this`): nothing is allocated per request for them.
function onClientClose(this: TrackedResponse): void {
  this[EXCHANGE]?.clientClosed();
}

function onClientDrain(this: TrackedResponse): void {
  this[EXCHANGE]?.resumeUpstream();
}

function clientGone(): Error {
  return new Error('the client closed the request');
}
