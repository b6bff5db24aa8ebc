// Prints the top self-time frames of V8 .cpuprofile files (from BENCH_PROFILE + BENCH_CPU_PROF_DIR):
// `tsx tools/bench/src/cpu-profile-summary.ts <file.cpuprofile>… [--top N]`.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

/** Self time per frame (function + file + line) in milliseconds, largest first, and the profile's busy time. */
export function selfTimes(profile: CpuProfile): { frames: Array<{ frame: string; ms: number }>; busyMs: number } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  let busyMs = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    const ms = (profile.timeDeltas[index + 1] ?? 0) / 1000;
    if (node === undefined) return;
    const frame = describe(node);
    if (frame !== '(idle)') busyMs += ms;
    totals.set(frame, (totals.get(frame) ?? 0) + ms);
  });
  const frames = [...totals].map(([frame, ms]) => ({ frame, ms })).sort((a, b) => b.ms - a.ms);
  return { frames, busyMs };
}

function describe({ callFrame: { functionName, url, lineNumber } }: ProfileNode): string {
  const name = functionName === '' ? '(anonymous)' : functionName;
  if (url === '') return name;
  // node_modules/<package>/… or the repository-relative path: enough to find the frame.
  const trimmed = url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '').replace(/^.*\/(services|tools|operator)\//, '$1/');
  return `${name} ${trimmed}:${lineNumber + 1}`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const topIndex = args.indexOf('--top');
  const top = topIndex === -1 ? 25 : Number(args[topIndex + 1]);
  const files = args.filter((_arg, index) => index !== topIndex && index !== topIndex + 1);
  for (const file of files) {
    const { frames, busyMs } = selfTimes(JSON.parse(await readFile(file, 'utf8')) as CpuProfile);
    process.stdout.write(`${basename(file)}: ${busyMs.toFixed(0)} ms busy\n`);
    for (const { frame, ms } of frames.slice(0, top)) {
      process.stdout.write(`${ms.toFixed(1).padStart(9)} ms ${((ms / busyMs) * 100).toFixed(1).padStart(5)}%  ${frame}\n`);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
