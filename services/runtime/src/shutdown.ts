// Orderly process exit on SIGINT/SIGTERM: run shutdown handlers newest first, each with a deadline.
import type { Logger } from './logger.js';

export type ShutdownHandler = () => Promise<void>;

export interface ShutdownOptions {
  readonly logger: Logger;
  /** How long this handler may take before it counts as failed; 10 s by default. */
  readonly timeoutMs?: number;
  /** Shown in log lines; the handler function's name otherwise. */
  readonly name?: string;
}

export interface ShutdownCoordinator {
  /** Adds a handler; the returned function removes it again. */
  register(handler: ShutdownHandler, options: ShutdownOptions): () => void;
  /** Runs every handler once, newest first, and resolves to the exit code: 0, or 1 if any failed or timed out. */
  run(reason: string): Promise<number>;
}

interface Registration {
  readonly handler: ShutdownHandler;
  readonly logger: Logger;
  readonly timeoutMs: number;
  readonly name: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** A coordinator not tied to signals: what onShutdown uses, and what tests drive directly. */
export function createShutdownCoordinator(): ShutdownCoordinator {
  const registrations: Registration[] = [];
  let running: Promise<number> | undefined;

  const register = (handler: ShutdownHandler, options: ShutdownOptions): (() => void) => {
    const registration: Registration = {
      handler,
      logger: options.logger,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      name: options.name ?? (handler.name || 'anonymous'),
    };
    registrations.push(registration);
    return () => {
      const index = registrations.indexOf(registration);
      if (index !== -1) registrations.splice(index, 1);
    };
  };

  const runAll = async (reason: string): Promise<number> => {
    const pending = [...registrations].reverse();
    const logger = registrations[0]?.logger;
    const started = Date.now();
    logger?.info('shutdown started', { reason, handlers: pending.length });
    let exitCode = 0;
    for (const registration of pending) {
      if (!(await runOne(registration))) exitCode = 1;
    }
    logger?.info('shutdown finished', { reason, exitCode, durationMs: Date.now() - started });
    return exitCode;
  };

  return {
    register,
    run: (reason) => {
      running ??= runAll(reason);
      return running;
    },
  };
}

async function runOne({ handler, logger, timeoutMs, name }: Registration): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timed out'>((resolve) => {
    timer = setTimeout(() => resolve('timed out'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([Promise.resolve().then(handler), timedOut]);
    if (outcome === 'timed out') {
      logger.error('shutdown handler timed out', { handler: name, timeoutMs });
      return false;
    }
    return true;
  } catch (error) {
    logger.error('shutdown handler failed', { handler: name, error });
    return false;
  } finally {
    clearTimeout(timer);
  }
}

// Signals are process-wide, so the signal-driven coordinator is the one module-level instance here.
let processCoordinator: ShutdownCoordinator | undefined;

/**
 * Registers `handler` to run when the process receives SIGINT or SIGTERM, then exits 0 (1 if any handler
 * failed or timed out). A second signal while shutting down exits 1 at once.
 */
export function onShutdown(handler: ShutdownHandler, options: ShutdownOptions): () => void {
  if (processCoordinator === undefined) {
    const coordinator = createShutdownCoordinator();
    processCoordinator = coordinator;
    let signalled = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (signalled) {
        options.logger.warn('shutdown forced by second signal', { signal });
        process.exit(1);
      }
      signalled = true;
      void coordinator.run(signal).then((code) => process.exit(code));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  return processCoordinator.register(handler, options);
}
