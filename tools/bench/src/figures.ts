// A benchmark figure next to its same-run baseline, and the report: a table on stdout and .bench/latest.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repositoryRoot } from '@tenantry/harness';

export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline: number;
  /** value / baseline: lower is better for durations. */
  readonly ratio: number;
  /** The ratio this figure must stay at or under. */
  readonly target: number;
  readonly met: boolean;
  readonly detail?: string;
}

export function figure(name: string, value: number, unit: string, baseline: number, target: number, detail?: string): Figure {
  const ratio = baseline > 0 ? value / baseline : Number.POSITIVE_INFINITY;
  return { name, value: round(value), unit, baseline: round(baseline), ratio: round(ratio, 3), target, met: ratio <= target, ...(detail ? { detail } : {}) };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export async function report(figures: readonly Figure[]): Promise<void> {
  const rows = figures.map((f) => [f.name, `${f.value} ${f.unit}`, `${f.baseline} ${f.unit}`, `${f.ratio}×`, `≤ ${f.target}×`, f.met ? 'met' : 'MISSED', f.detail ?? '']);
  const header = ['figure', 'value', 'baseline', 'ratio', 'target', 'met', 'detail'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  process.stdout.write(`\n${line(header)}\n${line(widths.map((width) => '-'.repeat(width)))}\n${rows.map(line).join('\n')}\n`);
  const dir = join(repositoryRoot, '.bench');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'latest.json'), `${JSON.stringify(figures, null, 2)}\n`);
  process.stdout.write(`\nwritten to ${join(dir, 'latest.json')}\n`);
}
