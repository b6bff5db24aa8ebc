// Recovers the full Express route template of a request (`/tenants/:tenantId/entries/:id`), never the raw URL.
import type { IncomingMessage } from 'node:http';
import type { Request } from 'express';

/** The label used when no route matched (404s, static files, OPTIONS answered by Express). */
export const UNMATCHED_ROUTE = 'unmatched';

interface BaseTemplate {
  readonly template: string;
  readonly paramKeys: ReadonlySet<string>;
}

interface TemplateState {
  /** Concrete base URL → its template, for every router the request entered. */
  readonly bases: Map<string, BaseTemplate>;
  baseUrl: string | undefined;
  route: unknown;
  template?: string;
  /** trackRouteTemplate saw this request (the accessors may have created the state before). */
  tracked?: true;
}

const STATE = Symbol('tenantry.routeTemplate');
type TrackedRequest = Request & { [STATE]?: TemplateState };
const noParams: ReadonlySet<string> = new Set();

/**
 * Express keeps only the concrete `req.baseUrl` (`/tenants/acme`), restores it when a router is left (so an
 * app-level error handler sees `''`), and stores no mount pattern. So we watch the two assignments the router
 * makes: `req.baseUrl` on entering a mount (with that mount's params in `req.params`), and `req.route` when a
 * route matches, and keep the template that was in effect at that moment. The accessors live on the app's request
 * prototype, defined once per app: redefining properties on every request made each request object slow to use.
 */
const accessors: Record<'baseUrl' | 'route', PropertyDescriptor> = {
  baseUrl: {
    configurable: true,
    enumerable: true,
    get(this: TrackedRequest) {
      return this[STATE]?.baseUrl;
    },
    set(this: TrackedRequest, value: unknown) {
      const state = stateOf(this, value as string | undefined);
      state.baseUrl = value as string | undefined;
      // The router restores the value it found on entry, which is undefined at the top of an app.
      if (typeof value === 'string') rememberBase(state, value, this.params);
    },
  },
  route: {
    configurable: true,
    enumerable: true,
    get(this: TrackedRequest) {
      return this[STATE]?.route;
    },
    set(this: TrackedRequest, value: unknown) {
      const state = stateOf(this, undefined);
      state.route = value;
      if (value !== undefined) state.template = joinPaths(state.bases.get(state.baseUrl ?? '')?.template ?? state.baseUrl ?? '', routePath(value));
    },
  },
};

const patchedPrototypes = new WeakSet<object>();

function stateOf(req: TrackedRequest, initialBase: string | undefined): TemplateState {
  let state = req[STATE];
  if (state === undefined) {
    const base = initialBase ?? '';
    state = { bases: new Map([[base, { template: base, paramKeys: noParams }]]), baseUrl: initialBase, route: undefined };
    req[STATE] = state;
  }
  return state;
}

/** Starts recording the route template of `req`. Call it in a middleware mounted before the routers. */
export function trackRouteTemplate(req: Request): void {
  const tracked = req as TrackedRequest;
  if (tracked[STATE]?.tracked === true) return;
  const prototype = Object.getPrototypeOf(req) as object;
  // An Express app's own request prototype (it holds `app`); never Node's IncomingMessage, shared by every server.
  const appPrototype = Object.hasOwn(prototype, 'app');
  if (appPrototype && !patchedPrototypes.has(prototype)) {
    Object.defineProperties(prototype, accessors);
    patchedPrototypes.add(prototype);
  }
  // The router assigned these before the accessors existed (the app's first request), or there is no app prototype
  // to hold them: this request gets its own.
  if (!appPrototype || Object.hasOwn(req, 'baseUrl') || Object.hasOwn(req, 'route')) {
    const baseUrl = Object.hasOwn(req, 'baseUrl') ? (req as { baseUrl?: string }).baseUrl : tracked[STATE]?.baseUrl;
    const route = Object.hasOwn(req, 'route') ? (req as { route?: unknown }).route : tracked[STATE]?.route;
    delete (req as { baseUrl?: string }).baseUrl;
    delete (req as { route?: unknown }).route;
    if (!appPrototype) Object.defineProperties(req, accessors);
    const state = stateOf(tracked, baseUrl ?? '');
    state.baseUrl = baseUrl;
    state.route = route;
    state.tracked = true;
    return;
  }
  stateOf(tracked, '').tracked = true;
}

/** The template of the route that handled `req`, or "unmatched". Needs trackRouteTemplate (or assignRouteTemplate) first. */
export function routeTemplate(req: IncomingMessage): string {
  return (req as TrackedRequest)[STATE]?.template ?? UNMATCHED_ROUTE;
}

/** The template of a request no Express router sees (a direct route, see directRoutes): fixed before it is served. */
export function assignRouteTemplate(req: IncomingMessage, template: string): void {
  (req as TrackedRequest)[STATE] = { bases: new Map(), baseUrl: undefined, route: undefined, template, tracked: true };
}

function rememberBase(state: TemplateState, concrete: string, params: Record<string, unknown> | undefined): void {
  if (state.bases.has(concrete)) return;
  const [parentBase, parent] = longestPrefix(state, concrete);
  const removed = concrete.slice(parentBase.length);
  const ownParams = Object.entries(params ?? {}).filter(([key]) => !parent.paramKeys.has(key));
  const { template, used } = templatize(removed, ownParams);
  const paramKeys = used.length === 0 ? parent.paramKeys : new Set([...parent.paramKeys, ...used]);
  state.bases.set(concrete, { template: parent.template + template, paramKeys });
}

function longestPrefix(state: TemplateState, concrete: string) {
  let best: [string, BaseTemplate] = ['', { template: '', paramKeys: noParams }];
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
