// Runs the pinned kubectl against a kubeconfig and returns its outcome instead of throwing.
import { execFile } from 'node:child_process';
import { toolPath } from './tool-paths.js';

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runKubectl(kubeconfigFile: string, args: readonly string[], input?: string): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(toolPath('kubectl'), ['--kubeconfig', kubeconfigFile, ...args], { maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(new Error(`kubectl could not run: ${error.message}`, { cause: error }));
          return;
        }
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      });
    if (input !== undefined) child.stdin?.end(input);
  });
}
