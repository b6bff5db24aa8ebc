// The run-wide secret scan of captured logs: every process log the harness writes is remembered, scanned
// when its process exits (a suite may delete its log folder right after) and again at the end of the run
// with every known secret value, and the findings are reported by file and line, never by value.
import { existsSync, readFileSync } from 'node:fs';
import type { ManagedProcess } from './managed-process.js';
import { scanForSecrets, type SecretKind } from './secret-scanner.js';

export interface LogSecretFinding {
  readonly file: string;
  readonly line: number;
  readonly kind: SecretKind;
}

/** The run failed the scan; the message lists every finding without the secrets. */
export class SecretInLogError extends Error {
  readonly code = 'SECRET_IN_LOG';
  constructor(readonly findings: readonly LogSecretFinding[], hint = '') {
    super(`${findings.length} log line(s) of this test run hold a secret (values not shown):\n${
      findings.map(({ file, line, kind }) => `  ${file}:${line}  ${kind}`).join('\n')}${hint === '' ? '' : `\n${hint}`}`);
    this.name = 'SecretInLogError';
  }
}

export interface LogSecretScan {
  /** Values that must never appear in a log: passwords, client secrets, service tokens a test set up. */
  registerKnownSecrets(values: Iterable<string>): void;
  /** Remembers a process's log and scans it once the process has exited. */
  capture(proc: Pick<ManagedProcess, 'logFile' | 'exited'>): void;
  /** Scans every captured log still on disk with every known secret; returns all findings so far. */
  scan(): LogSecretFinding[];
  /** How many log files were captured. */
  capturedCount(): number;
}

export function createLogSecretScan(): LogSecretScan {
  const captured = new Set<string>();
  const knownSecrets = new Set<string>();
  const findings = new Map<string, LogSecretFinding>();
  const scanFile = (file: string): void => {
    if (!existsSync(file)) return;
    for (const { line, kind } of scanForSecrets(readFileSync(file, 'utf8'), knownSecrets)) {
      findings.set(`${file}:${line}:${kind}`, { file, line, kind });
    }
  };
  return {
    registerKnownSecrets(values) {
      for (const value of values) knownSecrets.add(value);
    },
    capture(proc) {
      captured.add(proc.logFile);
      // A synchronous read in the first reaction to `exited`: before whoever awaits stop() can delete the file.
      void proc.exited.then(() => scanFile(proc.logFile));
    },
    scan() {
      for (const file of captured) scanFile(file);
      return [...findings.values()].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    },
    capturedCount: () => captured.size,
  };
}

// The scan of this test run; undefined (nothing captured) unless the mocha global setup turned it on, so
// `make dev` and the benchmarks pay nothing.
let runScan: LogSecretScan | undefined;

export function enableLogSecretScan(): LogSecretScan {
  runScan ??= createLogSecretScan();
  return runScan;
}

export function logSecretScanEnabled(): boolean {
  return runScan !== undefined;
}

export function registerKnownSecrets(values: Iterable<string>): void {
  runScan?.registerKnownSecrets(values);
}

export function captureProcessLog(proc: Pick<ManagedProcess, 'logFile' | 'exited'>): void {
  runScan?.capture(proc);
}
