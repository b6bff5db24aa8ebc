// Runs one Tenantry process (operator or service) as a real child process, from its TypeScript source or
// compiled, on a free port, and waits for its /healthz. Used by integration tests, `make dev` and `make bench`.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort } from './free-port.js';
import { startProcess, waitUntilReady, type ManagedProcess } from './managed-process.js';
import { repositoryRoot } from './tool-paths.js';

// Preloaded (after tsx, from source) so that tracing, when OTEL_* configures it, can patch the ESM imports of
// http, express and pg; a no-op otherwise. A file URL, not the package specifier, so the child's working
// folder is irrelevant.
const telemetryRegister = 'services/runtime/src/telemetry-register.ts';

/** `operator/src/main.ts` → `operator/dist/src/main.js`: where `npm run build` (tsc -b) puts each package. */
export function compiledPath(sourcePath: string): string {
  const compiled = sourcePath.replace(/^((?:[^/]+\/)*?)src\//, '$1dist/src/').replace(/\.ts$/, '.js');
  if (compiled === sourcePath) throw new Error(`${sourcePath} is not a TypeScript file under a package's src folder`);
  return compiled;
}

/** Run compiled JavaScript instead of the TypeScript source; `make bench` sets it to measure what production runs. */
export const RUN_COMPILED_VARIABLE = 'TENANTRY_RUN_COMPILED';

function nodeArguments(entry: string, compiled: boolean): string[] {
  const file = (path: string) => join(repositoryRoot, compiled ? compiledPath(path) : path);
  const register = ['--import', pathToFileURL(file(telemetryRegister)).href];
  return compiled ? [...register, file(entry)] : ['--conditions=source', '--import', 'tsx', ...register, file(entry)];
}

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
  /** Run `<package>/dist/src/….js` (built beforehand) instead of the source; default: TENANTRY_RUN_COMPILED=1. */
  readonly compiled?: boolean;
  /** Listen here (chosen beforehand with freePort, so other processes can be told the URL first); default: a free port. */
  readonly port?: number;
  /** A pod's memory limit for the process (a cgroup), when the machine allows one. */
  readonly memoryLimitBytes?: number;
}

export interface NodeService {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  /** The process now running; a restart replaces it. */
  readonly process: ManagedProcess;
  stop(): Promise<void>;
  /** Stops the process gracefully and starts it again on the same port, with the same settings. */
  restart(): Promise<void>;
  /** Dies at once, like a node failure: no graceful shutdown. */
  kill(): Promise<void>;
}

export async function startNodeService(options: NodeServiceOptions): Promise<NodeService> {
  const port = options.port ?? await freePort();
  const url = `http://127.0.0.1:${port}`;
  const launch = async (): Promise<ManagedProcess> => {
    const proc = startProcess({
      component: options.name,
      command: process.execPath,
      args: nodeArguments(options.entry, options.compiled ?? process.env[RUN_COMPILED_VARIABLE] === '1'),
      logFile: join(options.logDir, `${options.name}.log`),
      env: { ...process.env, ...options.env, [options.portVariable]: String(port) },
      ...(options.memoryLimitBytes === undefined ? {} : { memoryLimitBytes: options.memoryLimitBytes }),
    });
    await waitUntilReady(proc, async () => (await fetch(`${url}/healthz`)).ok, { timeoutMs: options.readyTimeoutMs ?? 30_000 });
    return proc;
  };
  let current = await launch();
  return {
    name: options.name,
    url,
    port,
    get process() {
      return current;
    },
    stop: () => current.stop(10_000),
    async restart() {
      await current.stop(10_000);
      current = await launch();
    },
    async kill() {
      process.kill(current.pid, 'SIGKILL');
      await current.exited;
    },
  };
}
