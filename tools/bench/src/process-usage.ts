// CPU time and memory of one process, read from /proc (Linux): what a benchmark reports about the operator.
import { readFile } from 'node:fs/promises';

/** USER_HZ: the unit of utime/stime in /proc/<pid>/stat; 100 on every Linux ABI Node supports. */
const clockTicksPerSecond = 100;

export interface ProcessStat {
  readonly ppid: number;
  /** User + system CPU seconds of the process's own threads so far. */
  readonly ownSeconds: number;
  /** Plus those of its children that have exited and been waited for (PostgreSQL's finished backends). */
  readonly withReapedSeconds: number;
}

/** /proc/<pid>/stat, or undefined once the process is gone. */
export async function processStat(pid: number): Promise<ProcessStat | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return undefined;
  // Fields after the command name, which is in parentheses and may itself hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  // ppid is field 4 of the whole line, utime, stime, cutime, cstime fields 14–17: 2 and 12–15 after "pid (comm)".
  const ownSeconds = (fields[11]! + fields[12]!) / clockTicksPerSecond;
  return { ppid: fields[1]!, ownSeconds, withReapedSeconds: ownSeconds + (fields[13]! + fields[14]!) / clockTicksPerSecond };
}

/** CPU seconds the process has used so far; with `exitedChildren`, also its reaped children's. */
export async function cpuSeconds(pid: number, { exitedChildren = false } = {}): Promise<number> {
  const stat = await processStat(pid);
  if (stat === undefined) throw new Error(`process ${pid} is gone`);
  return exitedChildren ? stat.withReapedSeconds : stat.ownSeconds;
}

export interface Memory {
  /** Resident set size now, in MB. */
  readonly rssMb: number;
  /** Peak resident set size since the process started (VmHWM), in MB. */
  readonly peakRssMb: number;
}

export async function memory(pid: number): Promise<Memory> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kilobytes = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kilobytes('VmRSS') / 1024, peakRssMb: kilobytes('VmHWM') / 1024 };
}

/** Samples the CPU use of a process over a window: percent of one core. */
export async function cpuPercentOver(pid: number, work: () => Promise<void>): Promise<{ percent: number; cpuSeconds: number; wallSeconds: number }> {
  const cpuBefore = await cpuSeconds(pid);
  const started = performance.now();
  await work();
  const wallSeconds = (performance.now() - started) / 1000;
  const used = await cpuSeconds(pid) - cpuBefore;
  return { percent: (used / wallSeconds) * 100, cpuSeconds: used, wallSeconds };
}
