// A benchmark figure next to its same-run baseline, and the report: a table on stdout and .bench/latest.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repositoryRoot } from '@tenantry/harness';

export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The same work measured in the same run without our code in the way; null for absolute targets. */
  readonly baseline: number | null;
  /** value / baseline, or null without a baseline. */
  readonly ratio: number | null;
  /** Human-readable target, e.g. "≤ 1.25×", "≥ 0.7×", "< 30000 ms", "= 0". */
  readonly target: string;
  readonly met: boolean;
  readonly detail?: string;
}

export type Comparison = '<' | '≤' | '>' | '≥' | '=';

export interface FigureInput {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline?: number;
  /** What the target bounds: the ratio to the baseline (default when there is one) or the value itself. */
  readonly on?: 'ratio' | 'value';
  /** `≤` when lower is better (durations, ratios of durations), `≥` when higher is better (throughput). */
  readonly compare?: Comparison;
  readonly target: number;
  readonly detail?: string;
}

const holds: Record<Comparison, (actual: number, target: number) => boolean> = {
  '<': (a, t) => a < t, '≤': (a, t) => a <= t, '>': (a, t) => a > t, '≥': (a, t) => a >= t, '=': (a, t) => a === t,
};

/** A figure whose `met` is computed, never asserted: it is false whenever the measurement misses. */
export function measure(input: FigureInput): Figure {
  const on = input.on ?? (input.baseline === undefined ? 'value' : 'ratio');
  const compare = input.compare ?? '≤';
  const ratio = input.baseline === undefined ? null : input.baseline > 0 ? input.value / input.baseline : Number.POSITIVE_INFINITY;
  if (on === 'ratio' && ratio === null) throw new Error(`figure "${input.name}" has a ratio target but no baseline`);
  const actual = on === 'ratio' ? ratio! : input.value;
  return {
    name: input.name,
    value: round(input.value),
    unit: input.unit,
    baseline: input.baseline === undefined ? null : round(input.baseline),
    ratio: ratio === null ? null : round(ratio, 3),
    target: on === 'ratio' ? `${compare} ${input.target}×` : `${compare} ${input.target} ${input.unit}`,
    met: holds[compare](actual, input.target),
    ...(input.detail ? { detail: input.detail } : {}),
  };
}

/** A duration-like figure: value / baseline must stay at or under `target`. */
export function figure(name: string, value: number, unit: string, baseline: number, target: number, detail?: string): Figure {
  return measure({ name, value, unit, baseline, target, ...(detail ? { detail } : {}) });
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile (0–100) of a non-empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  if (p === 50 && sorted.length % 2 === 0) return (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

function round(value: number, digits = 1): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export async function report(figures: readonly Figure[]): Promise<void> {
  const rows = figures.map((f) => [
    f.name, `${f.value} ${f.unit}`, f.baseline === null ? '—' : `${f.baseline} ${f.unit}`, f.ratio === null ? '—' : `${f.ratio}×`,
    f.target, f.met ? 'met' : 'MISSED', f.detail ?? '',
  ]);
  const header = ['figure', 'value', 'baseline', 'ratio', 'target', 'met', 'detail'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  process.stdout.write(`\n${line(header)}\n${line(widths.map((width) => '-'.repeat(width)))}\n${rows.map(line).join('\n')}\n`);
  const missed = figures.filter((f) => !f.met).length;
  process.stdout.write(`\n${figures.length - missed} of ${figures.length} targets met\n`);
  const dir = join(repositoryRoot, '.bench');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'latest.json'), `${JSON.stringify(figures, null, 2)}\n`);
  process.stdout.write(`written to ${join(dir, 'latest.json')}\n`);
}
