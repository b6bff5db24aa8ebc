// Recovers the full Express route template of a request (`/tenants/:tenantId/entries/:id`), never the raw URL.
import type { Request } from 'express';

/** The label used when no route matched (404s, static files, OPTIONS answered by Express). */
export const UNMATCHED_ROUTE = 'unmatched';

interface TemplateState {
  /** Concrete base URL → its template, for every router the request entered. */
  readonly bases: Map<string, { template: string; paramKeys: ReadonlySet<string> }>;
  template?: string;
}

const STATE = Symbol('tenantry.routeTemplate');
type TrackedRequest = Request & { [STATE]?: TemplateState };

/**
 * Starts recording the route template of `req`. Call it in a middleware mounted before the routers.
 *
 * Express keeps only the concrete `req.baseUrl` (`/tenants/acme`), restores it when a router is left (so
 * an app-level error handler sees `''`), and stores no mount pattern. So we watch the two assignments the
 * router makes: `req.baseUrl` on entering a mount (with that mount's params in `req.params`), and
 * `req.route` when a route matches, and keep the template that was in effect at that moment.
 */
export function trackRouteTemplate(req: Request): void {
  const tracked = req as TrackedRequest;
  if (tracked[STATE] !== undefined) return;
  const initialBase = req.baseUrl ?? '';
  const state: TemplateState = { bases: new Map([[initialBase, { template: initialBase, paramKeys: new Set() }]]) };
  Object.defineProperty(tracked, STATE, { value: state });
  let baseUrl: string | undefined = initialBase;
  let route: unknown = (req as { route?: unknown }).route;
  Object.defineProperty(req, 'baseUrl', {
    configurable: true,
    enumerable: true,
    get: () => baseUrl,
    set: (value: unknown) => {
      baseUrl = value as string | undefined;
      // The router restores the value it found on entry, which is undefined at the top of an app.
      if (typeof value === 'string') rememberBase(state, value, req.params);
    },
  });
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set: (value: unknown) => {
      route = value;
      if (value !== undefined) state.template = joinPaths(state.bases.get(baseUrl ?? '')?.template ?? baseUrl ?? '', routePath(value));
    },
  });
}

/** The template of the route that handled `req`, or "unmatched". Needs trackRouteTemplate first. */
export function routeTemplate(req: Request): string {
  return (req as TrackedRequest)[STATE]?.template ?? UNMATCHED_ROUTE;
}

function rememberBase(state: TemplateState, concrete: string, params: Record<string, unknown> | undefined): void {
  if (state.bases.has(concrete)) return;
  const [parentBase, parent] = longestPrefix(state, concrete);
  const removed = concrete.slice(parentBase.length);
  const ownParams = Object.entries(params ?? {}).filter(([key]) => !parent.paramKeys.has(key));
  const { template, used } = templatize(removed, ownParams);
  state.bases.set(concrete, { template: parent.template + template, paramKeys: new Set([...parent.paramKeys, ...used]) });
}

function longestPrefix(state: TemplateState, concrete: string) {
  let best: [string, { template: string; paramKeys: ReadonlySet<string> }] = ['', { template: '', paramKeys: new Set() }];
  for (const entry of state.bases) {
    if (isPathPrefix(entry[0], concrete) && entry[0].length >= best[0].length) best = entry;
  }
  return best;
}

function isPathPrefix(base: string, path: string): boolean {
  return path.startsWith(base) && (base === '' || base.endsWith('/') || [undefined, '/'].includes(path[base.length]));
}

/** Puts `:name` back for each mount parameter, matching segments from the right as the pattern did. */
function templatize(path: string, params: ReadonlyArray<[string, unknown]>): { template: string; used: string[] } {
  const segments = path.split('/');
  const remaining = [...params].reverse();
  const used: string[] = [];
  for (let i = segments.length - 1; i >= 0 && remaining.length > 0; i--) {
    const segment = safeDecode(segments[i] ?? '');
    const index = remaining.findIndex(([, value]) => value === segment);
    if (index === -1) continue;
    const [[key]] = remaining.splice(index, 1) as [[string, unknown]];
    segments[i] = `:${key}`;
    used.push(key);
  }
  return { template: segments.join('/'), used };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function routePath(route: unknown): string {
  const path = (route as { path?: unknown } | undefined)?.path;
  if (typeof path === 'string') return path;
  if (Array.isArray(path)) return path.map(String).join(',');
  return String(path);
}

function joinPaths(base: string, path: string): string {
  if (base === '') return path;
  if (path === '/' || path === '') return base;
  return base.endsWith('/') && path.startsWith('/') ? base + path.slice(1) : base + path;
}
