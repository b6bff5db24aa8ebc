// Parses environment variables once at start-up against a zod schema whose keys are the variable names.
import { z } from 'zod';
import { parseDurationMs } from './duration.js';
import { TenantryError } from './errors.js';
import { REDACTED, redactString } from './redaction.js';

/** One invalid variable: its name, what is wrong, and the (possibly redacted) value received. */
export interface ConfigProblem {
  readonly variable: string;
  readonly message: string;
  /** The value as shown in the message (quoted, or "[REDACTED]"); undefined when the variable is not set. */
  readonly received?: string;
}

/** Thrown by parseConfig; the message lists every problem, one per line. */
export class ConfigError extends TenantryError {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super('CONFIG_INVALID', formatProblems(problems));
    this.problems = problems;
  }
}

const SECRET_VARIABLE = /PASSWORD|SECRET|TOKEN|KEY/i;
const MAX_RECEIVED_LENGTH = 80;

/**
 * Validates `env` against `schema` and returns the typed configuration. Variables not in the schema are
 * ignored. Throws ConfigError naming every invalid variable, never only the first.
 */
export function parseConfig<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => toProblem(issue, env)));
}

function toProblem(issue: z.core.$ZodIssue, env: NodeJS.ProcessEnv): ConfigProblem {
  const variable = issue.path.length === 0 ? '(configuration)' : issue.path.map(String).join('.');
  const name = String(issue.path[0] ?? '');
  const value = env[name];
  return value === undefined
    ? { variable, message: issue.message }
    : { variable, message: issue.message, received: describeReceived(name, value) };
}

function describeReceived(name: string, value: string): string {
  if (name !== '' && SECRET_VARIABLE.test(name)) return REDACTED;
  const shown = value.length > MAX_RECEIVED_LENGTH ? `${value.slice(0, MAX_RECEIVED_LENGTH)}…` : value;
  // A URL variable (DATABASE_URL) is not named like a secret but may carry a password.
  return JSON.stringify(redactString(shown));
}

function formatProblems(problems: readonly ConfigProblem[]): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const lines = problems.map(
    (p) => `  ${p.variable}: ${p.message} (${p.received === undefined ? 'not set' : `received ${p.received}`})`,
  );
  return [`invalid configuration, ${count}:`, ...lines].join('\n');
}

/** "true"/"false"/"1"/"0" → boolean; any other text is an error. Chain `.default(false)` as needed. */
export function envBoolean() {
  return z
    .enum(['true', 'false', '1', '0'], { error: 'expected "true", "false", "1" or "0"' })
    .transform((text) => text === 'true' || text === '1');
}

/** "500ms", "30s", "5m", "1h" or a whole number of milliseconds → milliseconds. */
export function envDurationMs() {
  return z.string().transform((text, ctx) => {
    const ms = parseDurationMs(text);
    if (ms !== undefined) return ms;
    ctx.issues.push({
      code: 'custom',
      input: text,
      message: 'expected a duration such as "500ms", "30s", "5m", "1h" or whole milliseconds',
    });
    return z.NEVER;
  });
}

/** Options for envUrl. */
export interface EnvUrlOptions {
  /** Allowed schemes without the colon, e.g. ['http', 'https']; any scheme when omitted. */
  readonly protocols?: readonly string[];
}

/** An absolute URL, kept as the string given; optionally restricted to some schemes. */
export function envUrl({ protocols }: EnvUrlOptions = {}) {
  if (protocols === undefined) return z.url({ error: 'expected an absolute URL' });
  const pattern = new RegExp(`^(${protocols.map(escapeRegExp).join('|')})$`);
  return z.url({ protocol: pattern, error: `expected an absolute ${protocols.join(' or ')} URL` });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
