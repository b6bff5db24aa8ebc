// GET /v1/tenant-events: every tenant's changes live, as server-sent events from the platform's Tenant watch, for
// platform admins. A reconnect naming Last-Event-ID gets what it missed, or a fresh snapshot when that is gone.
import { Router, type Response } from 'express';
import type { Logger } from '@tenantry/runtime';
import { authorizeCaller, type ApiRouterOptions, type DocumentedOperation } from '../http/api-operations.js';
import { eventJson, type TenantEventLog } from './tenant-event-log.js';
import type { TenantRegistry } from './tenant-registry.js';
import { tenantEventDataSchema } from './tenant-schemas.js';
import { toTenantDetail } from './tenant-view.js';

export interface TenantEventsRouterOptions {
  readonly http: ApiRouterOptions;
  readonly tenants: Pick<TenantRegistry, 'list'>;
  readonly log: TenantEventLog;
  readonly logger: Logger;
  /** A comment line this often keeps proxies (the gateway's idle timeout among them) from closing a quiet stream. */
  readonly heartbeatMs?: number;
  /** A client this far behind is cut off; it reconnects with Last-Event-ID and catches up from the log. */
  readonly maxBufferedBytes?: number;
}

export interface TenantEventsRouter {
  readonly router: Router;
  /** Ends every open stream (at shutdown: clients reconnect to another replica). */
  close(): void;
}

export const tenantEventsOperation: DocumentedOperation = {
  operationId: 'streamTenantEvents', method: 'get', path: '/v1/tenant-events', tag: 'tenants', access: 'platform-admin',
  summary: 'Every tenant\'s changes, live, as server-sent events (from the watch)',
  description: 'A `text/event-stream`. Each event has an `id`, an `event` name equal to the `type` of its JSON `data`: '
    + '`snapshot` (every tenant, replacing what the client holds; sent first), `upsert` (a tenant as it is now), '
    + '`delete` (a tenant gone). Comment lines keep the connection alive. Reconnect with `Last-Event-ID` to get the '
    + 'changes missed, or a new snapshot when they cannot be replayed. The stream ends when the access token expires.',
  headers: [{ name: 'Last-Event-ID', required: false, description: 'The id of the last event received, to resume after it' }],
  success: {
    status: 200, description: 'The event stream; its data is JSON (TenantEventData)', schema: tenantEventDataSchema,
    mediaType: 'text/event-stream', component: 'TenantEventData',
  },
  problems: [503],
};

/** The reconnection delay browsers' EventSource (and our client) wait after a drop. */
const retryMs = 2_000;

export function createTenantEventsRouter(options: TenantEventsRouterOptions): TenantEventsRouter {
  const { http, tenants, log, logger, heartbeatMs = 15_000, maxBufferedBytes = 1 << 20 } = options;
  http.catalog.operations.push(tenantEventsOperation);
  const open = new Set<() => void>();
  const router = Router();

  router.get(tenantEventsOperation.path, async (req, res) => {
    const caller = await authorizeCaller(http, req, 'platform-admin');
    const lastEventId = req.get('last-event-id')?.trim();
    const missed = lastEventId === undefined || lastEventId === '' ? undefined : log.since(lastEventId);
    // Taken before the headers go, so a watch not synced yet is still a 503; then at once with the position, so
    // no change falls between the snapshot and the subscription.
    const snapshot = missed === undefined ? { id: log.position(), items: tenants.list().map(toTenantDetail) } : undefined;

    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      // no-transform: no proxy may compress or rewrite (and so buffer) the stream; X-Accel-Buffering for nginx.
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    });
    res.write(`retry: ${retryMs}\n\n`);
    if (snapshot !== undefined) send(res, snapshot.id, 'snapshot', eventJson({ type: 'snapshot', items: snapshot.items }));
    for (const change of missed ?? []) send(res, change.id, change.data.type, change.json);

    const unsubscribe = log.subscribe((change) => {
      if (res.writableLength > maxBufferedBytes) {
        logger.warn('tenant event stream too far behind; closing it', { buffered: res.writableLength });
        end();
        return;
      }
      send(res, change.id, change.data.type, change.json);
    });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs);
    // A stream outliving its token would keep showing tenants to someone no longer signed in.
    const expiresInMs = caller.kind === 'user' ? caller.principal.expiresAt.getTime() - Date.now() : 0;
    const expiry = setTimeout(() => end(), Math.max(0, Math.min(expiresInMs, 2 ** 31 - 1)));
    function end(): void {
      cleanup();
      res.end();
    }
    function cleanup(): void {
      unsubscribe();
      clearInterval(heartbeat);
      clearTimeout(expiry);
      open.delete(end);
    }
    open.add(end);
    res.once('close', cleanup);
  });

  return {
    router,
    close() {
      for (const end of [...open]) end();
    },
  };
}

/** One event (WHATWG HTML §9.2): JSON holds no raw newline, so one data line is enough. */
function send(res: Response, id: string, event: string, json: string): void {
  res.write(`id: ${id}\nevent: ${event}\ndata: ${json}\n\n`);
}
