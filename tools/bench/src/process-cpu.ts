// CPU time of processes from /proc (Linux): how many CPU milliseconds each part of a request path spends per
// request, which tells which process a throughput figure is really paying for.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { processStat } from './process-usage.js';

/** CPU ms so far of a process (its own threads only). */
export async function processCpuMs(pid: number): Promise<number> {
  return ((await processStat(pid))?.ownSeconds ?? 0) * 1000;
}

/** CPU ms so far of a PostgreSQL cluster: the postmaster, its live backends, and the backends already gone. */
export async function postgresCpuMs(dataDir: string): Promise<number> {
  const postmaster = Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  const root = await processStat(postmaster);
  if (root === undefined) return 0;
  let totalSeconds = root.withReapedSeconds;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const child = await processStat(Number(entry));
    if (child?.ppid === postmaster) totalSeconds += child.ownSeconds;
  }
  return totalSeconds * 1000;
}

export type CpuMeter = () => Promise<Record<string, number>>;

/** Reads every named counter at once; two readings subtracted give each part's CPU ms over a window. */
export function cpuMeter(parts: Record<string, () => Promise<number>>): CpuMeter {
  return async () => Object.fromEntries(await Promise.all(Object.entries(parts).map(async ([name, read]) => [name, await read()] as const)));
}

/** "gateway 0.41, backend 0.38, …" ms per request between two readings; parts that did not take part are left out. */
export function describeCpuPerRequest(before: Record<string, number>, after: Record<string, number>, requests: number): string {
  return Object.keys(after)
    .map((name) => [name, (after[name]! - (before[name] ?? 0)) / Math.max(1, requests)] as const)
    .filter(([, ms]) => ms >= 0.005)
    .map(([name, ms]) => `${name} ${ms.toFixed(2)}`)
    .join(', ');
}
