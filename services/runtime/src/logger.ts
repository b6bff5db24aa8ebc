// Structured winston logger: one redacted JSON object per line, carrying the service name, the log context
// and the active span's traceId/spanId.
import { EOL } from 'node:os';
import winston from 'winston';
import { currentLogContext, type LogContext } from './log-context.js';
import { formatPrettyLine } from './pretty-log-line.js';
import { REDACTED, isSensitiveKey, redact, redactString } from './redaction.js';
import { activeTraceIds } from './telemetry-spans.js';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Structured fields of one log call; values are redacted and made JSON-safe before writing. */
export type LogFields = Record<string, unknown>;

/** Fields of a fixed shape (see Logger.fixed): numbers, flags, and strings the caller knows hold no secret. */
export type FixedLogFields = Readonly<Record<string, string | number | boolean | undefined>>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /**
   * A line whose message is a constant and whose fields have a fixed shape the caller vouches for (a method, a
   * route template, a status, a validated id): those skip the redaction pass, which is for free-form data. The log
   * context and bound fields are still redacted. `context` replaces the current context and span ids, for a line
   * written after its unit of work (a request's access line, see logContextOf).
   */
  fixed(level: LogLevel, message: string, fields: FixedLogFields, context?: LogContext): void;
  /** A logger adding `fields` to every line; call fields win over them, they win over the log context. */
  child(fields: LogFields): Logger;
  isLevelEnabled(level: LogLevel): boolean;
}

export interface LoggerOptions {
  /** Written as `service` on every line. */
  readonly service: string;
  readonly level?: LogLevel;
  /** `json` (default) for machines, `pretty` for a compact human line in `make dev`. */
  readonly format?: LogFormat;
  /** Where lines go; process.stdout by default. Tests pass a Writable to capture them. */
  readonly stream?: NodeJS.WritableStream;
}

/** The keys of a log line the logger owns; fields with these names cannot overwrite them. */
export const RESERVED_LOG_KEYS = ['timestamp', 'level', 'service', 'message'] as const;

// Winston's transports write `info[MESSAGE]` (triple-beam's symbol) as the finished line.
const MESSAGE = Symbol.for('message');

const WINSTON_LEVELS: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/** A log line before formatting: owned keys first, then context and fields, all redacted. */
export type LogRecord = { timestamp: string; level: LogLevel; service: string; message: string } & LogFields;

export function createLogger({ service, level = 'info', format = 'json', stream }: LoggerOptions): Logger {
  const output = stream ?? process.stdout;
  const colors = format === 'pretty' && (output as { isTTY?: boolean }).isTTY === true;
  const render: (record: LogRecord) => string =
    format === 'pretty' ? (record) => formatPrettyLine(record, { colors }) : (record) => JSON.stringify(record);
  const winstonLogger = winston.createLogger({
    levels: WINSTON_LEVELS,
    level,
    exitOnError: false,
    format: winston.format((info) => {
      info[MESSAGE] = render(info as unknown as LogRecord);
      return info;
    })(),
    transports: [new winston.transports.Stream({ stream: output })],
  });
  const threshold = WINSTON_LEVELS[level];
  return bindLogger({
    winston: winstonLogger,
    // The level never changes after creation: no need to ask winston, which looks at every transport, each time.
    enabled: (candidate) => WINSTON_LEVELS[candidate] <= threshold,
    // What winston's Stream transport writes, without its stream pipeline: lines go out in the same order, since
    // winston writes synchronously to the same stream.
    writeLine: (record) => {
      output.write(`${render(record)}${EOL}`);
    },
  }, service, {});
}

interface Sink {
  readonly winston: winston.Logger;
  enabled(level: LogLevel): boolean;
  /** A fixed line, straight to the output: it is the one line every request writes, and winston's pipeline cost as much as the rest of it. */
  writeLine(record: LogRecord): void;
}

function bindLogger(sink: Sink, service: string, bound: LogFields): Logger {
  const write = (level: LogLevel, message: string, fields: LogFields | undefined): void => {
    if (!sink.enabled(level)) return;
    sink.winston.log(buildRecord(level, service, message, { ...currentLogContext(), ...activeTraceIds(), ...bound, ...fields }));
  };
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    fixed(level, message, fields, context) {
      if (!sink.enabled(level)) return;
      const record: LogRecord = { timestamp: new Date().toISOString(), level, service, message };
      if (context === undefined) {
        addRedacted(record, currentLogContext());
        addRedacted(record, activeTraceIds());
      } else {
        addRedacted(record, context);
      }
      addRedacted(record, bound);
      for (const key in fields) {
        const value = fields[key];
        if (value !== undefined && !reservedKeys.has(key)) record[key] = value;
      }
      sink.writeLine(record);
    },
    child: (fields) => bindLogger(sink, service, { ...bound, ...fields }),
    isLevelEnabled: (candidate) => sink.enabled(candidate),
  };
}

const reservedKeys: ReadonlySet<string> = new Set(RESERVED_LOG_KEYS);

/** Copies `fields` into `record` as buildRecord would: sensitive keys hidden, values redacted, owned keys kept. */
function addRedacted(record: LogRecord, fields: LogFields | undefined): void {
  for (const key in fields) {
    if (reservedKeys.has(key)) continue;
    const value = isSensitiveKey(key) ? REDACTED : redact(fields[key]);
    if (value !== undefined) record[key] = value;
  }
}

function buildRecord(level: LogLevel, service: string, message: string, fields: LogFields): LogRecord {
  const record: LogRecord = {
    timestamp: new Date().toISOString(),
    level,
    service,
    message: redactString(message),
  };
  const safeFields = redact(fields) as LogFields;
  for (const [key, value] of Object.entries(safeFields)) {
    if (!(RESERVED_LOG_KEYS as readonly string[]).includes(key)) record[key] = value;
  }
  return record;
}
