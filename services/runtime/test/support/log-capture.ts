// Captures a logger's output in memory so tests assert on the parsed JSON lines, awaiting them without sleeps.
import { Writable } from 'node:stream';

export type LogLine = Record<string, unknown>;

export interface LogCapture {
  readonly stream: Writable;
  /** Everything written so far, verbatim. */
  text(): string;
  /** Every line written so far, parsed as JSON. */
  lines(): LogLine[];
  /** Resolves with the first line matching `predicate`, failing with `description` after the deadline. */
  waitFor(description: string, predicate: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

export function captureLog(): LogCapture {
  const chunks: string[] = [];
  const waiters = new Set<() => void>();
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(String(chunk));
      for (const wake of waiters) wake();
      callback();
    },
  });
  const text = (): string => chunks.join('');
  const lines = (): LogLine[] =>
    text()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as LogLine);

  const waitFor = (description: string, predicate: (line: LogLine) => boolean, timeoutMs = 5_000) =>
    new Promise<LogLine>((resolve, reject) => {
      const check = (): void => {
        const found = lines().find(predicate);
        if (found === undefined) return;
        cleanup();
        resolve(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`within ${timeoutMs} ms, never logged: ${description}\n${text()}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  return { stream, text, lines, waitFor };
}
