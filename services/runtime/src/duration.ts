// Parses human-written durations into milliseconds: Go's form as Kubernetes resources carry it ("500ms", "30s",
// "1.5h", "1h30m"), or whole milliseconds.
const WHOLE_MS = /^\d+$/;
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Returns the duration in milliseconds (rounded to a whole one), or undefined when the text is not a duration. */
export function parseDurationMs(text: string): number | undefined {
  const trimmed = text.trim();
  if (WHOLE_MS.test(trimmed)) return safe(Number(trimmed));
  if (!DURATION.test(trimmed)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of trimmed.matchAll(PART)) ms += Number(amount) * (UNIT_MS[unit ?? 'ms'] ?? 1);
  return safe(Math.round(ms));
}

function safe(ms: number): number | undefined {
  return Number.isSafeInteger(ms) ? ms : undefined;
}
