// Reads the JSON files named by configuration variables (users, clients, keys), reporting problems against them.
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { ConfigError, REDACTED, isSensitiveKey, type ConfigProblem } from '@tenantry/runtime';

/** Reads a JSON file named by `variable`, turning I/O and syntax errors into a ConfigError naming it. */
export async function readJsonFile(path: string, variable: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError([{ variable, message: `cannot read the file (${reason})`, received: JSON.stringify(path) }]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ConfigError([{ variable, message: 'the file is not valid JSON', received: JSON.stringify(path) }]);
  }
}

const MAX_SHOWN_LENGTH = 60;

export interface ParseConfigValueOptions {
  /** Never show received values (a key file: every member of a private key is secret). */
  readonly secret?: boolean;
}

/**
 * Validates `value` (read from `variable`) against `schema`; every issue becomes a problem naming its path
 * and the value found there, unless it sits under a sensitive key (password, secret) or `secret` is set.
 */
export function parseConfigValue<S extends z.ZodType>(
  schema: S,
  value: unknown,
  variable: string,
  { secret = false }: ParseConfigValueOptions = {},
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ConfigError(parsed.error.issues.map((issue): ConfigProblem => {
    const problem = { variable: [variable, ...issue.path.map(String)].join('.'), message: issue.message };
    const found = valueAt(value, issue.path);
    if (found === undefined) return problem;
    const sensitive = secret || issue.path.some((key) => typeof key === 'string' && isSensitiveKey(key));
    return { ...problem, received: sensitive ? REDACTED : shown(found) };
  }));
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_SHOWN_LENGTH ? `${text.slice(0, MAX_SHOWN_LENGTH)}…` : text;
}
