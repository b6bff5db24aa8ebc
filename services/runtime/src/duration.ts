// Parses human-written durations ("500ms", "30s", "5m", "1h", or whole milliseconds) into milliseconds.
const DURATION = /^(\d+)(ms|s|m|h)?$/;

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Returns the duration in milliseconds, or undefined when the text is not a duration. */
export function parseDurationMs(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  const amount = Number(match[1]);
  const ms = amount * (UNIT_MS[match[2] ?? 'ms'] ?? 1);
  return Number.isSafeInteger(ms) ? ms : undefined;
}
