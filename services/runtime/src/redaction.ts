// Removes secrets from anything about to be logged: sensitive keys, URL passwords, JWTs, bearer tokens.
export const REDACTED = '[REDACTED]';

const SENSITIVE_KEY = /pass(word)?|secret|token|authorization|cookie|api[-_]?key|private[-_]?key/i;
// Names about a secret rather than of one (tokenIssuer, secretName, tokenTtl, passwordExpiresAt) keep their values.
const ABOUT_A_SECRET = /(?:issuer|url|uri|endpoint|audiences?|ttl|type|use|count|name|expires(?:at|in)?|id)$/i;

// Order matters: a bearer token may itself be a JWT, and a URL password may look like anything.
const STRING_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // "Bearer <token>" (RFC 6750 b64token characters).
  [/\b(bearer)\s+[A-Za-z0-9\-._~+/]+=*/gi, `$1 ${REDACTED}`],
  // Three base64url segments whose header starts with `{"` (eyJ); the signature may be empty (alg none).
  [/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, REDACTED],
  // scheme://user:password@host — the password may contain raw '@', so match up to the last one.
  [/\b([a-z][a-z0-9+.-]*:\/\/)([^\s:@/?#]*):([^\s/?#]*)@/gi, `$1$2:${REDACTED}@`],
  // key=value and "key": "value" pairs in free text (query strings, DSNs, raw JSON); a bare "token: x" is prose.
  [
    /\b([\w-]*(?:pass(?:word)?|secret|token|api[-_]?key|private[-_]?key)[\w-]*)(\s*=\s*["']?|["']\s*:\s*["']?)(?!\[REDACTED\])[^\s"'&,;}]+/gi,
    `$1$2${REDACTED}`,
  ],
];

const MAX_DEPTH = 12;

// Field names repeat from line to line: each is judged once. Bounded, for names built from data.
const judgedKeys = new Map<string, boolean>();
const MAX_JUDGED_KEYS = 1_024;

/** True when a field with this name must never have its value logged. */
export function isSensitiveKey(key: string): boolean {
  let sensitive = judgedKeys.get(key);
  if (sensitive !== undefined) return sensitive;
  sensitive = SENSITIVE_KEY.test(key) && !ABOUT_A_SECRET.test(key);
  if (judgedKeys.size < MAX_JUDGED_KEYS) judgedKeys.set(key, sensitive);
  return sensitive;
}

// Every rule above needs one of these; most logged strings (ids, names, paths) have none, and skip the rules.
const MIGHT_HOLD_A_SECRET = /bearer|eyJ|:\/\/|pass|secret|token|api[-_]?key|private[-_]?key/i;

/** Replaces credentials embedded in free text; the rest of the text is kept. */
export function redactString(text: string): string {
  if (!MIGHT_HOLD_A_SECRET.test(text)) return text;
  let result = text;
  for (const [pattern, replacement] of STRING_RULES) result = result.replace(pattern, replacement);
  return result;
}

/** The plain shape an Error takes in a log record. */
export interface SerializedError {
  name: string;
  message: string;
  code?: unknown;
  stack?: string;
  cause?: unknown;
}

/**
 * Returns a JSON-safe deep copy of `value` with secrets removed: values under sensitive keys become
 * "[REDACTED]", strings are scrubbed, Errors become {name, message, code, stack, cause}, cycles are cut.
 */
export function redact(value: unknown): unknown {
  return redactAt(value, 0, new Set());
}

function redactAt(value: unknown, depth: number, ancestors: Set<object>): unknown {
  if (typeof value === 'string') return redactString(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (value === null || typeof value !== 'object') return value;
  if (ancestors.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  ancestors.add(value);
  try {
    return redactObjectLike(value, depth, ancestors);
  } finally {
    ancestors.delete(value);
  }
}

function redactObjectLike(value: object, depth: number, ancestors: Set<object>): unknown {
  if (value instanceof Error) return serializeError(value, depth, ancestors);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (ArrayBuffer.isView(value)) return `[${value.constructor.name} ${value.byteLength} bytes]`;
  if (Array.isArray(value)) return value.map((item) => redactAt(item, depth + 1, ancestors) ?? null);
  if (value instanceof Set) return [...value].map((item) => redactAt(item, depth + 1, ancestors) ?? null);
  if (value instanceof Map) return redactEntries([...value].map(([k, v]) => [String(k), v]), depth, ancestors);
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return redactAt(toJSON.call(value), depth + 1, ancestors);
  return redactEntries(Object.entries(value), depth, ancestors);
}

function redactEntries(
  entries: ReadonlyArray<readonly [string, unknown]>,
  depth: number,
  ancestors: Set<object>,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    const redacted = isSensitiveKey(key) ? REDACTED : redactAt(item, depth + 1, ancestors);
    if (redacted !== undefined) result[key] = redacted;
  }
  return result;
}

function serializeError(error: Error, depth: number, ancestors: Set<object>): SerializedError {
  const serialized: SerializedError = { name: error.name, message: redactString(error.message) };
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) serialized.code = redactAt(code, depth + 1, ancestors);
  if (error.stack !== undefined) serialized.stack = redactString(error.stack);
  if (error.cause !== undefined) serialized.cause = redactAt(error.cause, depth + 1, ancestors);
  return serialized;
}
