// Express middleware writing one "request completed" line per request and giving each request an id.
import { AsyncResource } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { withLogScope } from './log-context.js';
import type { Logger } from './logger.js';
import { routeTemplate, trackRouteTemplate } from './route-template.js';

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
    const started = process.hrtime.bigint();
    const incoming = req.get(REQUEST_ID_HEADER);
    const requestId = incoming !== undefined && ACCEPTABLE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader(REQUEST_ID_HEADER, requestId);
    withLogScope({ requestId }, () => {
      if (skip?.(req) !== true) {
        // Bound so the line is written inside this request's log context, not the socket's.
        let logged = false;
        const logCompleted = AsyncResource.bind(() => {
          if (logged) return;
          logged = true;
          logger.info('request completed', {
            method: req.method,
            route: routeTemplate(req),
            status: res.statusCode,
            durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e3) / 1e3,
            requestId,
            // The client went away before the response was fully written.
            ...(res.writableFinished ? {} : { aborted: true }),
          });
        });
        res.once('finish', logCompleted);
        res.once('close', logCompleted);
      }
      next();
    });
  };
}
