// The headers an upstream receives: hop-by-hop and client-forgeable identity headers removed, the gateway's own added.
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

// RFC 9110 §7.6.1: meaningful for one connection only, never forwarded.
const hopByHop = new Set([
  'connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade',
]);

/**
 * Headers an upstream (our backend, or a framework or proxy in front of it) could take as a statement about the
 * caller's identity, tenant or roles. Only the gateway may make such statements, so clients' copies never pass.
 * `x-tenant-id` is kept: the gateway checked it, and the backend must match it against the token's `tenant`.
 */
const forgeable = [
  /^x-internal-/, /^x-user-/, /^x-tenant-(?!id$)/, /^x-forwarded-(user|email|groups|preferred-username|access-token)$/,
  /^x-auth-request-/, /^x-remote-/, /^remote-user$/, /^x-authenticated-/, /^x-amzn-oidc-/, /^x-jwt-/,
  /^x-forwarded-client-cert$/, /^x-client-cert/, /^x-ssl-client-/, /^x-original-(url|uri|method)$/,
  // The client's ID token is for the token exchange only; no upstream needs the user's credentials.
  /^x-id-token$/,
];

// W3C Trace Context §3.2: version 00, 32 hex trace id, 16 hex parent id, 2 hex flags; all-zero ids are invalid.
const traceparentPattern = /^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;

export interface ForwardingOptions {
  /** Replaces the client's Authorization; undefined passes it unchanged. */
  readonly authorization?: string;
  readonly requestId: string;
  readonly tenant?: string;
  /** The client's ID token, for an upstream that verifies it itself (the platform); dropped otherwise. */
  readonly idToken?: string;
  readonly clientAddress?: string;
  readonly protocol: 'http' | 'https';
}

/** True for a header no client may send through the gateway. */
export function isForgeableHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return forgeable.some((pattern) => pattern.test(lower));
}

// Header names repeat from request to request: each is classified once. Bounded, so a client inventing names
// cannot grow it; past the bound a name is classified on every request, as before the memo.
const classified = new Map<string, boolean>();
const maxClassified = 1_024;

/** Whether a client's header of this (lower-case) name may reach an upstream, whatever its value. */
function forwardable(name: string): boolean {
  let verdict = classified.get(name);
  if (verdict !== undefined) return verdict;
  verdict = !hopByHop.has(name) && !requestOnly.has(name) && !isForgeableHeader(name);
  if (classified.size < maxClassified) classified.set(name, verdict);
  return verdict;
}

// Host is the upstream's own; the body was read whole, so its length is the proxy's to state (undici refuses an
// Expect header, and the 100 Continue was already given to the client).
const requestOnly = new Set(['host', 'content-length', 'expect']);

/** Response headers an upstream sent that must not reach the client. */
export function responseHeaders(incoming: IncomingHttpHeaders): OutgoingHttpHeaders {
  const listed = incoming.connection === undefined ? undefined : connectionListed(incoming.connection);
  const headers: OutgoingHttpHeaders = {};
  for (const name in incoming) {
    if (hopByHop.has(name) || listed?.has(name) === true) continue;
    headers[name] = incoming[name];
  }
  return headers;
}

export function forwardedHeaders(incoming: IncomingHttpHeaders, options: ForwardingOptions): OutgoingHttpHeaders {
  const listed = incoming.connection === undefined ? undefined : connectionListed(incoming.connection);
  const headers: OutgoingHttpHeaders = {};
  for (const name in incoming) {
    const value = incoming[name];
    if (value === undefined || !forwardable(name) || listed?.has(name) === true) continue;
    headers[name] = value;
  }
  if (options.authorization !== undefined) headers['authorization'] = options.authorization;
  if (options.tenant !== undefined) headers['x-tenant-id'] = options.tenant;
  if (options.idToken !== undefined) headers['x-id-token'] = options.idToken;
  headers['x-request-id'] = options.requestId;
  const traceparent = incoming['traceparent'];
  if (typeof traceparent !== 'string' || !traceparentPattern.test(traceparent.trim())) {
    delete headers['traceparent'];
    delete headers['tracestate'];
  }
  const forwardedFor = incoming['x-forwarded-for'];
  if (options.clientAddress !== undefined) {
    headers['x-forwarded-for'] = typeof forwardedFor === 'string' ? `${forwardedFor}, ${options.clientAddress}` : options.clientAddress;
  }
  if (typeof incoming.host === 'string') headers['x-forwarded-host'] = incoming.host;
  headers['x-forwarded-proto'] = options.protocol;
  return headers;
}

// What nearly every client and upstream sends as Connection: names that are hop-by-hop already.
const plainConnection = /^\s*(keep-alive|close)\s*$/i;

/** Header names listed in Connection (RFC 9110 §7.6.1) are hop-by-hop too. */
function connectionListed(connection: string | string[]): ReadonlySet<string> | undefined {
  if (typeof connection === 'string' && plainConnection.test(connection)) return undefined;
  const names = new Set<string>();
  for (const name of String(connection).split(',')) {
    const trimmed = name.trim().toLowerCase();
    if (trimmed !== '') names.add(trimmed);
  }
  return names;
}
