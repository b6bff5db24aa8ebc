// Express middleware writing one "request completed" line per request and giving each request an id; its two
// steps are exported for routes served without Express (direct-routes.ts).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Request, RequestHandler } from 'express';
import { currentLogFrame, logContextOf, withLogScope, type LogContext, type LogFrame } from './log-context.js';
import type { Logger } from './logger.js';
import { routeTemplate, trackRouteTemplate } from './route-template.js';
import { activeTraceIds } from './telemetry-spans.js';

export const REQUEST_ID_HEADER = 'x-request-id';

// An incoming id is trusted only if it cannot forge log content or blow up line sizes.
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface AccessLogOptions {
  /** Requests not to log, e.g. `(req) => req.path === '/healthz'` for probe noise. */
  readonly skip?: (req: Request) => boolean;
}

/**
 * Mount first. Takes `x-request-id` from the request (or makes one), echoes it on the response, puts it in
 * the log context for everything the request does, and logs method, route template, status and duration.
 * The request is a log scope: fields annotated during it (the tenant, once known) reach the access line too.
 */
export function accessLog(logger: Logger, { skip }: AccessLogOptions = {}): RequestHandler {
  return (req, res, next) => {
    trackRouteTemplate(req);
    const started = performance.now();
    const requestId = requestIdOf(req);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    withLogScope({ requestId }, () => {
      if (skip?.(req) !== true) logAccessWhenDone(logger, req, res, started, requestId);
      next();
    });
  };
}

/** The request's own `x-request-id` when it is acceptable, a fresh one otherwise. */
export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && ACCEPTABLE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * Call inside the request's log scope: writes its access line once the response finishes (or the client goes
 * away), with what was learnt during the request. `started` is performance.now() at its arrival.
 */
export function logAccessWhenDone(logger: Logger, req: IncomingMessage, res: ServerResponse, started: number, requestId: string): void {
  (res as LoggedResponse)[ACCESS_LINE] = { logger, req, started, requestId, frame: currentLogFrame(), traceIds: activeTraceIds() };
  // on(), not once(): the listener is removed with its line below, and once() would wrap it per request.
  res.on('finish', writeAccessLine);
  res.on('close', writeAccessLine);
}

/** What the access line of one response needs, kept on the response until it is written. */
interface PendingLine {
  readonly logger: Logger;
  readonly req: IncomingMessage;
  readonly started: number;
  readonly requestId: string;
  /** The request's log scope: the line carries what was learnt during the request (its tenant). */
  readonly frame: LogFrame;
  /** Of the span active when the request came in, the one its access line belongs to. */
  readonly traceIds: { traceId: string; spanId: string } | undefined;
}

const ACCESS_LINE = Symbol('tenantry.accessLine');
type LoggedResponse = ServerResponse & { [ACCESS_LINE]?: PendingLine | undefined };

// One listener for every response (the emitter is `this`), for 'finish' and for 'close', whichever comes first.
function writeAccessLine(this: LoggedResponse): void {
  const line = this[ACCESS_LINE];
  if (line === undefined) return;
  this[ACCESS_LINE] = undefined;
  const { logger, req, started, requestId, frame, traceIds } = line;
  const learnt = logContextOf(frame);
  const context: LogContext = traceIds === undefined ? learnt : { ...learnt, ...traceIds };
  // Every field is of a known shape (a method Node's parser accepted, a route template, numbers, the id checked
  // above), so the line skips the logger's redaction pass; the context is still redacted.
  logger.fixed('info', 'request completed', {
    method: req.method,
    route: routeTemplate(req),
    status: this.statusCode,
    durationMs: Math.round((performance.now() - started) * 1e3) / 1e3,
    requestId,
    // The client went away before the response was fully written.
    aborted: this.writableFinished ? undefined : true,
  }, context);
}
