// Starts a long-running child process with its output in a log file, and stops it reliably.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { captureProcessLog } from './log-secret-scan.js';
import { createMemoryCgroup } from './memory-cgroup.js';

export class ProcessStartError extends Error {
  readonly code = 'PROCESS_START_FAILED';
  constructor(readonly component: string, readonly logFile: string, reason: string) {
    super(`${component} failed to start: ${reason}. Its log: ${logFile}\n${tailOf(logFile)}`);
    this.name = 'ProcessStartError';
  }
}

export interface ManagedProcessOptions {
  /** Human name used in errors and progress lines, e.g. "kube-apiserver". */
  readonly component: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly logFile: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly uid?: number;
  readonly gid?: number;
  /** Signal that asks the process for a fast, clean shutdown. */
  readonly stopSignal?: NodeJS.Signals;
  /** Open file descriptors the child inherits as fd 3, 4, … (e.g. folders a sandbox binds). */
  readonly inheritFds?: readonly number[];
  /** Run it in a memory cgroup of this limit, as a pod's limit would, when the machine allows one. */
  readonly memoryLimitBytes?: number;
}

export interface ManagedProcess {
  readonly component: string;
  readonly logFile: string;
  readonly pid: number;
  /** The memory limit it runs under, when one was asked for and the machine allowed it. */
  readonly memoryLimitBytes?: number;
  /** Resolves when the process has exited; rejects never. */
  readonly exited: Promise<number | null>;
  isRunning(): boolean;
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();

// A test run that dies (Ctrl-C, uncaught error) must not leave servers behind on loopback.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function startProcess(options: ManagedProcessOptions): ManagedProcess {
  const log = openSync(options.logFile, 'a');
  const cgroup = options.memoryLimitBytes === undefined ? undefined : createMemoryCgroup(options.component, options.memoryLimitBytes);
  // The shell joins the cgroup, then becomes the command: same pid, limited from its very first allocation.
  const [command, args] = cgroup
    ? ['/bin/sh', ['-c', 'echo $$ > "$0" || exit 97; exec "$@"', cgroup.procsFile, options.command, ...options.args]]
    : [options.command, options.args];
  const child = spawn(command, args, {
    stdio: ['ignore', log, log, ...(options.inheritFds ?? [])],
    env: options.env ?? process.env,
    ...(options.uid === undefined ? {} : { uid: options.uid }),
    ...(options.gid === undefined ? {} : { gid: options.gid }),
  });
  closeSync(log);
  if (child.pid === undefined) {
    throw new ProcessStartError(options.component, options.logFile, `could not spawn ${options.command}`);
  }
  running.add(child);
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      exitCode = code;
      running.delete(child);
      cgroup?.remove();
      resolve(code);
    });
    child.once('error', () => {
      exitCode = -1;
      running.delete(child);
      resolve(-1);
    });
  });
  const managed: ManagedProcess = {
    component: options.component,
    logFile: options.logFile,
    pid: child.pid,
    ...(cgroup ? { memoryLimitBytes: options.memoryLimitBytes } : {}),
    exited,
    isRunning: () => exitCode === undefined,
    async stop(graceMs = 5000) {
      if (exitCode !== undefined) return;
      child.kill(options.stopSignal ?? 'SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  captureProcessLog(managed);
  return managed;
}

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
}

/** Polls `probe` until it returns true; fails early when the process dies, naming its log. */
export async function waitUntilReady(
  proc: ManagedProcess,
  probe: () => Promise<boolean>,
  { timeoutMs, intervalMs = 50 }: WaitOptions,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer yet';
  while (Date.now() < deadline) {
    if (!proc.isRunning()) {
      throw new ProcessStartError(proc.component, proc.logFile, `exited with code ${await proc.exited}`);
    }
    try {
      if (await probe()) return;
      lastError = 'not ready yet';
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new ProcessStartError(proc.component, proc.logFile, `not ready after ${timeoutMs} ms (${lastError})`);
}

/** The last lines of a log file, indented for an error message or a console banner. */
export function tailOf(file: string, lines = 15): string {
  try {
    const text = readFileSync(file, 'utf8').trimEnd().split('\n');
    return text.slice(-lines).map((line) => `  | ${line}`).join('\n');
  } catch {
    return '  | (no log written)';
  }
}
