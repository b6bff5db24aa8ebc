// Runs one Tenantry process (operator or service) from its TypeScript source as a real child process,
// on a free port, and waits for its /healthz. Used by integration tests and by `make dev`.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort } from './free-port.js';
import { startProcess, waitUntilReady, type ManagedProcess } from './managed-process.js';
import { repositoryRoot } from './tool-paths.js';

// Preloaded after tsx so that tracing, when OTEL_* configures it, can patch the ESM imports of http, express
// and pg; a no-op otherwise. A file URL, not the package specifier, so the child's working folder is irrelevant.
const telemetryRegister = pathToFileURL(join(repositoryRoot, 'services/runtime/src/telemetry-register.ts')).href;

export interface NodeServiceOptions {
  /** Name used in logs and errors, e.g. "operator". */
  readonly name: string;
  /** Entry file relative to the repository root, e.g. "operator/src/main.ts". */
  readonly entry: string;
  /** Folder for the log file `<name>.log`. */
  readonly logDir: string;
  readonly env: Record<string, string>;
  /** Environment variable that receives the chosen port, e.g. "OPERATOR_HTTP_PORT". */
  readonly portVariable: string;
  readonly readyTimeoutMs?: number;
}

export interface NodeService {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  readonly process: ManagedProcess;
  stop(): Promise<void>;
  /** Dies at once, like a node failure: no graceful shutdown. */
  kill(): Promise<void>;
}

export async function startNodeService(options: NodeServiceOptions): Promise<NodeService> {
  const port = await freePort();
  const proc = startProcess({
    component: options.name,
    command: process.execPath,
    args: ['--conditions=source', '--import', 'tsx', '--import', telemetryRegister, join(repositoryRoot, options.entry)],
    logFile: join(options.logDir, `${options.name}.log`),
    env: { ...process.env, ...options.env, [options.portVariable]: String(port) },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilReady(proc, async () => (await fetch(`${url}/healthz`)).ok, { timeoutMs: options.readyTimeoutMs ?? 30_000 });
  return {
    name: options.name,
    url,
    port,
    process: proc,
    stop: () => proc.stop(10_000),
    async kill() {
      process.kill(proc.pid, 'SIGKILL');
      await proc.exited;
    },
  };
}
