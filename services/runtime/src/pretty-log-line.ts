// Renders a log record as one compact human line (for `make dev`), with error stacks indented below it.
import type { LogRecord } from './logger.js';

export interface PrettyOptions {
  /** ANSI colours for the level; only when writing to a terminal. */
  readonly colors: boolean;
}

const LEVEL_COLORS: Readonly<Record<string, string>> = {
  error: '\u001b[31m',
  warn: '\u001b[33m',
  info: '\u001b[32m',
  debug: '\u001b[90m',
};
const RESET = '\u001b[0m';

/** `12:00:00.123 INFO  operator tenant ready tenantId=acme ms=12` */
export function formatPrettyLine(record: LogRecord, { colors }: PrettyOptions): string {
  const { timestamp, level, service, message, ...fields } = record;
  const time = timestamp.slice(11, 23);
  const levelText = level.toUpperCase().padEnd(5);
  const shownLevel = colors ? `${LEVEL_COLORS[level] ?? ''}${levelText}${RESET}` : levelText;
  const stacks: string[] = [];
  const pairs = Object.entries(fields).map(([key, value]) => {
    const stack = stackOf(value);
    if (stack !== undefined) stacks.push(indent(stack));
    return `${key}=${formatValue(value)}`;
  });
  const line = [time, shownLevel, service, message, ...pairs].join(' ');
  return [line, ...stacks].join('\n');
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (isSerializedError(value)) return JSON.stringify(`${value.name}: ${value.message}`);
  return JSON.stringify(value) ?? String(value);
}

function stackOf(value: unknown): string | undefined {
  return isSerializedError(value) && typeof value.stack === 'string' ? value.stack : undefined;
}

function isSerializedError(value: unknown): value is { name: string; message: string; stack?: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { name?: unknown }).name === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
