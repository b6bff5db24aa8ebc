// Routes served straight from Node's request event, ahead of an Express app: the same request id, access line,
// duration metric, span route and problem+json answers as an Express route, without Express's per-request work
// (prototype swaps, the router's layer walk, query parsing). For the few routes a process exists to serve at speed.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { trace } from '@opentelemetry/api';
import type { Registry } from 'prom-client';
import { REQUEST_ID_HEADER, logAccessWhenDone, requestIdOf } from './access-log.js';
import { withLogScope } from './log-context.js';
import type { Logger } from './logger.js';
import { requestDurationRecorder } from './metrics.js';
import { answerWithProblem } from './problem-handler.js';
import type { ProblemError } from './problem.js';
import { assignRouteTemplate } from './route-template.js';

export interface DirectRoute {
  /**
   * Serves every method under this path and below it (`/api` serves `/api` and `/api/…`), compared without
   * regard to case as Express does; the query string is not part of the match.
   */
  readonly prefix: string;
  /** The route label of access lines, metrics and spans, as Express would name it (`/api{/*path}`). */
  readonly template: string;
  /** Answers the request; a rejection becomes a problem+json answer (see problemFor). */
  readonly handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

export interface DirectRoutesOptions {
  readonly logger: Logger;
  readonly registry: Registry;
  readonly routes: readonly DirectRoute[];
  /** The problem a route's own errors map to, tried before the runtime's mapping; undefined leaves it to that. */
  readonly problemFor?: (error: unknown) => ProblemError | undefined;
  /** Every other request: the Express app. */
  readonly fallback: RequestListener;
}

/** A request listener that serves `routes` itself and hands every other request to `fallback`. */
export function directRoutes({ logger, registry, routes, problemFor, fallback }: DirectRoutesOptions): RequestListener {
  const timeRequest = requestDurationRecorder(registry);
  const prefixes = routes.map((route) => ({ route, prefix: route.prefix.toLowerCase() }));
  const routeOf = (url: string | undefined): DirectRoute | undefined => {
    // Origin-form only (`/api/…`): anything else (an absolute-form target, `*`) is Express's to refuse.
    if (url === undefined || url.charCodeAt(0) !== SLASH) return undefined;
    for (const { route, prefix } of prefixes) {
      if (url.length < prefix.length || url.slice(0, prefix.length).toLowerCase() !== prefix) continue;
      const next = url.charCodeAt(prefix.length);
      if (Number.isNaN(next) || next === SLASH || next === QUESTION_MARK) return route;
    }
    return undefined;
  };

  return (req, res) => {
    const route = routeOf(req.url);
    if (route === undefined) {
      fallback(req, res);
      return;
    }
    const started = performance.now();
    const requestId = requestIdOf(req);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    assignRouteTemplate(req, route.template);
    timeRequest(req, res, started);
    // What Express's instrumentation would say of the server span: the route, not the raw path.
    const span = trace.getActiveSpan();
    if (span !== undefined) {
      span.setAttribute('http.route', route.template);
      span.updateName(`${req.method ?? 'GET'} ${route.template}`);
    }
    withLogScope({ requestId }, () => {
      logAccessWhenDone(logger, req, res, started, requestId);
      route.handle(req, res).catch((error: unknown) => {
        if (!answerWithProblem(logger, error, req, res, problemFor)) res.destroy();
      });
    });
  };
}

const SLASH = 0x2f;
const QUESTION_MARK = 0x3f;
