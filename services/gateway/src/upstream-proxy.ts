// Sends a request (its body read beforehand) to an upstream over a keep-alive agent and streams the answer back unbuffered.
import http from 'node:http';
import https from 'node:https';
import type { Logger } from '@tenantry/runtime';
import { GatewayRejection } from './gateway-errors.js';
import { responseHeaders } from './forwarded-headers.js';

export interface UpstreamProxyOptions {
  readonly target: string;
  readonly logger: Logger;
  /** Idle time on the upstream socket before the request is given up. */
  readonly timeoutMs?: number;
  readonly maxSockets?: number;
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
  close(): void;
}

/** Well under the internal services' keep-alive timeout (the runtime's internalKeepAliveTimeoutMs, 65 s). */
const upstreamIdleSocketMs = 30_000;

export function createUpstreamProxy({ target, logger, timeoutMs = 60_000, maxSockets = 256 }: UpstreamProxyOptions): UpstreamProxy {
  const base = new URL(target);
  const secure = base.protocol === 'https:';
  // An idle socket is given up long before the upstream would close it (internalKeepAliveTimeoutMs): reusing one the
  // upstream is closing at that moment resets the request (a 502), and a loaded event loop notices timers late.
  const agentOptions = { keepAlive: true, maxSockets, timeout: upstreamIdleSocketMs };
  const agent = secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
  const send = secure ? https.request : http.request;
  const basePath = base.pathname.replace(/\/$/, '');

  return {
    forward(req, res, { path, headers, body }) {
      return new Promise<void>((resolve, reject) => {
        const sized = body === undefined ? headers : { ...headers, 'content-length': String(body.length) };
        const upstream = send({
          protocol: base.protocol, hostname: base.hostname, port: base.port, method: req.method, path: `${basePath}${path}`, headers: sized, agent,
        });
        upstream.setTimeout(timeoutMs, () => upstream.destroy(new Error('upstream timed out')));
        // Answered, or the client went away: then stop the upstream work too.
        res.once('close', () => {
          if (!res.writableFinished) upstream.destroy();
          resolve();
        });
        upstream.once('response', (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.statusMessage, responseHeaders(answer.headers));
          answer.once('error', (error) => {
            // Headers are gone already: all that is left is to cut the connection.
            logger.warn('upstream response interrupted', { error, upstream: base.origin });
            res.destroy();
          });
          // pipe(), not stream.pipeline(): pipeline's own listeners pushed every response past the emitter's limit
          // of ten 'close' listeners, and Node then built and printed a MaxListenersExceededWarning per request.
          answer.pipe(res);
        });
        upstream.once('error', (error) => {
          if (res.headersSent) {
            res.destroy();
            return;
          }
          reject(new GatewayRejection('upstream_unavailable', 'The upstream service cannot be reached.', undefined, { cause: error }));
        });
        upstream.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}
