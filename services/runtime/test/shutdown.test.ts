// Tests for shutdown: the coordinator's order, failures and timeouts, and real signals in a child process.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createLogger, createShutdownCoordinator } from '../src/index.js';
import { captureLog } from './support/log-capture.js';
import { quietLogger } from './support/quiet-logger.js';

/** A handler that notes it ran. */
function recorder(ran: string[], name: string): () => Promise<void> {
  return () => {
    ran.push(name);
    return Promise.resolve();
  };
}

describe('createShutdownCoordinator', () => {
  it('runs handlers newest first and resolves to exit code 0', async () => {
    const coordinator = createShutdownCoordinator();
    const logger = quietLogger();
    const order: string[] = [];
    for (const name of ['database', 'http server', 'watch']) {
      coordinator.register(recorder(order, name), { logger });
    }

    expect(await coordinator.run('SIGTERM')).to.equal(0);
    expect(order).to.deep.equal(['watch', 'http server', 'database']);
  });

  it('keeps going after a failed handler, logs it, and resolves to exit code 1', async () => {
    const coordinator = createShutdownCoordinator();
    const log = captureLog();
    const logger = createLogger({ service: 'shutdown-test', stream: log.stream });
    const order: string[] = [];
    coordinator.register(recorder(order, 'database'), { logger });
    coordinator.register(
      () => {
        throw new Error('flush failed');
      },
      { logger, name: 'queue' },
    );
    coordinator.register(() => Promise.reject(new Error('port busy')), { logger, name: 'http server' });

    expect(await coordinator.run('SIGINT')).to.equal(1);
    expect(order).to.deep.equal(['database']);
    const failures = log.lines().filter((l) => l.message === 'shutdown handler failed');
    expect(failures.map((l) => [l.level, l.handler, (l.error as { message: string }).message])).to.deep.equal([
      ['error', 'http server', 'port busy'],
      ['error', 'queue', 'flush failed'],
    ]);
  });

  it('gives up on a handler that outlives its timeout and moves on', async () => {
    const coordinator = createShutdownCoordinator();
    const log = captureLog();
    const logger = createLogger({ service: 'shutdown-test', stream: log.stream });
    const order: string[] = [];
    coordinator.register(recorder(order, 'after the hang'), { logger });
    coordinator.register(() => new Promise<void>(() => undefined), { logger, timeoutMs: 20, name: 'stuck' });

    expect(await coordinator.run('SIGTERM')).to.equal(1);
    expect(order).to.deep.equal(['after the hang']);
    expect(log.lines().find((l) => l.message === 'shutdown handler timed out')).to.deep.include({
      handler: 'stuck',
      timeoutMs: 20,
    });
  });

  it('does not run a handler whose registration was removed', async () => {
    const coordinator = createShutdownCoordinator();
    const ran: string[] = [];
    const unregister = coordinator.register(recorder(ran, 'removed'), { logger: quietLogger() });
    coordinator.register(recorder(ran, 'kept'), { logger: quietLogger() });

    unregister();

    expect(await coordinator.run('SIGTERM')).to.equal(0);
    expect(ran).to.deep.equal(['kept']);
  });

  it('runs the handlers only once when asked twice', async () => {
    const coordinator = createShutdownCoordinator();
    let runs = 0;
    coordinator.register(
      () => {
        runs++;
        return Promise.resolve();
      },
      { logger: quietLogger() },
    );

    const [first, second] = await Promise.all([coordinator.run('SIGTERM'), coordinator.run('SIGINT')]);

    expect([first, second, runs]).to.deep.equal([0, 0, 1]);
  });
});

describe('onShutdown in a real process', () => {
  const fixture = fileURLToPath(new URL('./fixtures/shutdown-process.ts', import.meta.url));

  async function runUntilSignal(mode: string, signal: NodeJS.Signals) {
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', fixture, mode], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: Array<Record<string, unknown>> = [];
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
    const ready = new Promise<void>((resolve) => {
      let buffered = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += String(chunk);
        const parts = buffered.split('\n');
        buffered = parts.pop() ?? '';
        for (const part of parts) {
          const line = JSON.parse(part) as Record<string, unknown>;
          lines.push(line);
          if (line.message === 'fixture ready') resolve();
        }
      });
    });
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    await Promise.race([ready, exited.then(() => Promise.reject(new Error(`fixture exited before ready: ${stderr}`)))]);
    child.kill(signal);
    const [code] = await exited;
    return { code, lines, stderr };
  }

  it('on SIGTERM runs the handlers newest first and exits 0', async () => {
    const { code, lines, stderr } = await runUntilSignal('ok', 'SIGTERM');

    expect(code, stderr).to.equal(0);
    expect(lines.filter((l) => l.message === 'handler ran').map((l) => l.handler)).to.deep.equal([
      'registered second',
      'registered first',
    ]);
    expect(lines.find((l) => l.message === 'shutdown started')).to.deep.include({ reason: 'SIGTERM', handlers: 2 });
  });

  it('on SIGINT exits 1 when a handler fails, after running the others', async () => {
    const { code, lines, stderr } = await runUntilSignal('fail', 'SIGINT');

    expect(code, stderr).to.equal(1);
    expect(lines.filter((l) => l.message === 'handler ran')).to.have.length(2);
    expect(lines.find((l) => l.message === 'shutdown handler failed')).to.deep.include({ handler: 'registered second' });
  });

  it('exits 1 when a handler hangs past its timeout', async () => {
    const { code, lines, stderr } = await runUntilSignal('hang', 'SIGTERM');

    expect(code, stderr).to.equal(1);
    expect(lines.find((l) => l.message === 'shutdown handler timed out')).to.deep.include({ timeoutMs: 100 });
  });
});
