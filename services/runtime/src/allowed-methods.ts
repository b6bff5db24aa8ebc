// The HTTP methods an Express app would answer for a path, read from its own routing table: what a 405 lists in Allow.
import type { Request } from 'express';

/** The parts of Express 5's router layers this module reads (the `router` package, v2). */
interface RouterLayer {
  /** Tests the path against the layer's pattern: the matched prefix, or nothing. */
  match(path: string): { readonly path: string } | false | null | undefined;
  readonly route?: { readonly methods: Readonly<Record<string, boolean | undefined>> };
  readonly handle?: { readonly stack?: readonly RouterLayer[] };
}

/**
 * The methods some route of `req.app` accepts for `req.path`, upper-case and sorted; empty when no route
 * matches the path at all (a 404), and also when a route takes every method (`app.all`), which never 405s.
 */
export function allowedMethods(req: Request): string[] {
  const stack = (req.app as unknown as { router?: { stack?: readonly RouterLayer[] } }).router?.stack;
  if (stack === undefined) return [];
  const methods = new Set<string>();
  collect(stack, req.path, methods);
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}

function collect(stack: readonly RouterLayer[], path: string, methods: Set<string>): void {
  for (const layer of stack) {
    const matched = safeMatch(layer, path);
    if (matched === undefined) continue;
    if (layer.route !== undefined) {
      for (const [method, enabled] of Object.entries(layer.route.methods)) {
        if (enabled === true && method !== '_all') methods.add(method.toUpperCase());
      }
    } else if (layer.handle?.stack !== undefined) {
      // A mounted router: match the rest of the path below its mount point.
      const rest = path.slice(matched.path.length);
      collect(layer.handle.stack, rest.startsWith('/') ? rest : `/${rest}`, methods);
    }
  }
}

/** Matching decodes parameters, which throws on bad percent-encoding: such a path matches nothing. */
function safeMatch(layer: RouterLayer, path: string): { readonly path: string } | undefined {
  try {
    return layer.match(path) || undefined;
  } catch {
    return undefined;
  }
}
