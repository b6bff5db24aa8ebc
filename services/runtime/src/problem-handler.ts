// Express middleware mapping every error to an application/problem+json response, once, at the edge (and the same
// mapping for routes served without Express).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { allowedMethods } from './allowed-methods.js';
import { currentLogContext } from './log-context.js';
import type { Logger } from './logger.js';
import { ProblemError, internalError, notFound } from './problem.js';
import { routeTemplate } from './route-template.js';
import { ServiceError, serviceErrorProblem } from './service-error.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Fields body-parser (via http-errors) puts on the errors it passes to `next`. */
interface HttpError extends Error {
  status?: unknown;
  expose?: unknown;
  type?: unknown;
  limit?: unknown;
}

/**
 * The last middleware of an app. ProblemErrors keep their status and headers; a ServiceError becomes the problem
 * its kind says; body-parser failures become 400/413/415 problems; anything else is logged and answered with a
 * generic 500 that reveals nothing. A 5xx is logged only when it carries a `cause` (something underneath broke).
 */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (!answerWithProblem(logger, error, req, res)) next(error);
  };
}

/**
 * What problemHandler does, for a request served without Express (a direct route): answers with the problem
 * `error` maps to (or problemFor, tried first), and logs what was unexpected. False when the response had begun
 * already: nothing can be answered any more, and the caller must cut the connection.
 */
export function answerWithProblem(
  logger: Logger, error: unknown, req: IncomingMessage, res: ServerResponse, problemFor?: (error: unknown) => ProblemError | undefined,
): boolean {
  const problem = problemFor?.(error) ?? toProblem(error);
  // Client errors and deliberate 5xx answers (503 while provisioning) are in the access log already.
  const unexpected = problem === undefined || (problem.status >= 500 && problem.cause !== undefined);
  if (unexpected || res.headersSent) {
    logger.error('request failed', { error, method: req.method, route: routeTemplate(req) });
  }
  // Too late for a problem document: Express's final handler, or the direct route, aborts the connection.
  if (res.headersSent) return false;
  sendProblem(req, res, problem ?? internalError());
  return true;
}

/**
 * Mount after every route: an unmatched request becomes a problem through problemHandler — 405 with `Allow`
 * when some route serves its path with other methods, 404 otherwise.
 */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  const allowed = allowedMethods(req);
  if (allowed.length > 0) {
    next(new ProblemError({
      status: 405, code: 'METHOD_NOT_ALLOWED', detail: `${req.path} does not accept ${req.method}; it accepts ${allowed.join(', ')}.`,
      headers: { Allow: allowed.join(', ') },
    }));
    return;
  }
  next(notFound(`No route matches ${req.method} ${req.path}.`, { code: 'ROUTE_NOT_FOUND' }));
};

/** Writes `problem` as the response, with its headers and the request's id when one is known. */
export function sendProblem(req: IncomingMessage, res: ServerResponse, problem: ProblemError): void {
  const { requestId } = currentLogContext();
  // Express's originalUrl: the path as the client sent it, before any router took its mount path off.
  const url = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  const document = problem.toDocument(url.split('?')[0]);
  if (requestId !== undefined) document.requestId = requestId;
  res.statusCode = problem.status;
  for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
  // Refused before its body was read (401 to a dribbled upload): Node would keep the connection until the body
  // ends or the request timeout fires. Closing it after the answer frees it now.
  if (!req.complete) res.setHeader('Connection', 'close');
  const body = JSON.stringify(document);
  res.setHeader('Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  // Node leaves the body out of an answer to HEAD.
  res.end(body);
}

/** The problem an error maps to, or undefined when it is unexpected (a bug, a dependency failure). */
function toProblem(error: unknown): ProblemError | undefined {
  if (error instanceof ProblemError) return error;
  if (error instanceof ServiceError) return serviceErrorProblem(error as ServiceError);
  if (!(error instanceof Error)) return undefined;
  const httpError = error as HttpError;
  const status = typeof httpError.status === 'number' ? httpError.status : undefined;
  if (status === undefined || status < 400 || status >= 500) return undefined;
  switch (httpError.type) {
    case 'entity.parse.failed':
      return new ProblemError({ status: 400, code: 'INVALID_JSON', detail: 'The request body is not valid JSON.' });
    case 'entity.too.large':
      return new ProblemError({ status: 413, code: 'PAYLOAD_TOO_LARGE', detail: tooLargeDetail(httpError.limit) });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ProblemError({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', detail: error.message });
  }
  // Express sets status 400 on a URIError when a route parameter is not valid percent-encoding.
  if (error instanceof URIError) {
    return new ProblemError({ status: 400, code: 'MALFORMED_PATH', detail: 'The request path is malformed.' });
  }
  // Other http-errors: `expose` says the message was written for clients.
  if (httpError.expose === true) return new ProblemError({ status, code: 'BAD_REQUEST', detail: error.message });
  return undefined;
}

function tooLargeDetail(limit: unknown): string {
  return typeof limit === 'number'
    ? `The request body is larger than the ${limit}-byte limit.`
    : 'The request body is too large.';
}
