// Asks the real kstatus library (sigs.k8s.io/cli-utils, what Flux and Helm's wait use) what status it reads
// from an object, through the small Go program tools/kstatus that `make tools` builds.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { toolPath } from './tool-paths.js';

/** kstatus's verdicts: https://github.com/kubernetes-sigs/cli-utils/tree/master/pkg/kstatus (status.Status). */
export type KstatusStatus = 'InProgress' | 'Failed' | 'Current' | 'Terminating' | 'NotFound' | 'Unknown';

export interface KstatusResult {
  readonly status: KstatusStatus;
  readonly message: string;
}

export interface KstatusReader {
  /** status.Compute of the object, exactly as it would be read from the API server. */
  compute(object: unknown): Promise<KstatusResult>;
  close(): Promise<void>;
}

/** One long-lived reader process: objects go in one JSON line each, verdicts come back in order. */
export function startKstatusReader(): KstatusReader {
  const child = spawn(toolPath('kstatus'), [], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting: Array<{ resolve: (result: KstatusResult) => void; reject: (error: Error) => void }> = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code) => {
    for (const pending of waiting.splice(0)) pending.reject(new Error(`kstatus exited with code ${code}`));
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    const pending = waiting.shift();
    if (pending === undefined) return;
    const answer = JSON.parse(line) as { status?: KstatusStatus; message?: string; error?: string };
    if (answer.error !== undefined || answer.status === undefined) pending.reject(new Error(`kstatus: ${answer.error ?? 'no status'}`));
    else pending.resolve({ status: answer.status, message: answer.message ?? '' });
  });
  return {
    compute(object) {
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        child.stdin.write(`${JSON.stringify(object)}\n`);
      });
    },
    async close() {
      child.stdin.end();
      await exited;
    },
  };
}
