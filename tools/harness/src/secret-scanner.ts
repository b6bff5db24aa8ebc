// Finds secrets in log text: credential shapes (JWTs, bearer tokens, URI passwords, password fields, PEM
// private keys) and known secret values. A finding names the line and the kind, never the secret itself.

export type SecretKind = 'jwt' | 'bearer-token' | 'uri-password' | 'password-field' | 'pem-private-key' | 'known-secret';

export interface SecretFinding {
  /** 1-based. */
  readonly line: number;
  readonly kind: SecretKind;
}

// What the runtime's redaction writes instead of a secret, and other values that hold none.
const HARMLESS_VALUE = /^(?:\[REDACTED\]|null|undefined|true|false|)$/i;

const SHAPES: ReadonlyArray<{ readonly kind: SecretKind; readonly pattern: RegExp; readonly value?: (match: RegExpExecArray) => string }> = [
  // A header and a payload that both start with `{"`; the signature may be empty (alg none).
  { kind: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g },
  // RFC 6750 b64token characters; a digit and 16 characters keep prose ("Bearer token", "Bearer realm") out.
  { kind: 'bearer-token', pattern: /\bbearer\s+((?=[A-Za-z0-9\-._~+/]*\d)[A-Za-z0-9\-._~+/]{16,}=*)/gi, value: (match) => match[1] ?? '' },
  { kind: 'uri-password', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/?#"']*:([^\s/?#"']+)@/gi, value: (match) => match[1] ?? '' },
  // "password": "x", password=x, client_secret: x — a key ending in password/passwd/secret, then a value.
  {
    kind: 'password-field',
    pattern: /\b[\w-]*(?:password|passwd|secret)["']?\s*(?:=|:)\s*["']?([^\s"',;&}]*)/gi,
    value: (match) => match[1] ?? '',
  },
  { kind: 'pem-private-key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/g },
];

/** Known secret values shorter than this are ignored: they would match ordinary words. */
export const MIN_KNOWN_SECRET_LENGTH = 8;

/** Every line of `text` that holds a secret, once per line and kind. */
export function scanForSecrets(text: string, knownSecrets: Iterable<string> = []): SecretFinding[] {
  const known = [...new Set(knownSecrets)].filter((value) => value.length >= MIN_KNOWN_SECRET_LENGTH);
  const findings: SecretFinding[] = [];
  text.split('\n').forEach((lineText, index) => {
    const kinds = new Set<SecretKind>();
    for (const { kind, pattern, value } of SHAPES) {
      for (const match of lineText.matchAll(pattern)) {
        if (value === undefined || !HARMLESS_VALUE.test(value(match))) kinds.add(kind);
      }
    }
    if (known.some((secret) => lineText.includes(secret) || lineText.includes(JSON.stringify(secret).slice(1, -1)))) {
      kinds.add('known-secret');
    }
    for (const kind of kinds) findings.push({ line: index + 1, kind });
  });
  return findings;
}
