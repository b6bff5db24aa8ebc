// The work queue's promises: dedupe, one handler per key, bounded concurrency, priority, backoff, requeue and shutdown.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { eventually } from '@tenantry/harness';
import { createWorkQueue, type WorkQueueHooks, type WorkQueueOptions } from '../src/controller/work-queue.js';

const fast: WorkQueueOptions = { concurrency: 4, baseDelayMs: 1, maxDelayMs: 20, random: () => 0 };

interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
}

function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => { resolve = done; });
  return { promise, resolve };
}

/** Resolves once the given number of calls to `hit` happened. */
function countdown(count: number): { hit(): void; readonly reached: Promise<void> } {
  const done = deferred();
  let left = count;
  return { hit: () => { if (--left === 0) done.resolve(); }, reached: done.promise };
}

describe('work queue', function () {
  this.timeout(5_000);

  it('runs a key added several times while it waits only once', async () => {
    // given a queue that is not started yet
    const calls: string[] = [];
    const queue = createWorkQueue((key) => { calls.push(key); return Promise.resolve(); }, fast);
    // when the same key is added three times beside another one
    queue.add('a');
    queue.add('a');
    queue.add('b');
    queue.add('a');
    // then two keys wait, and each runs once after the start
    expect(queue.depth()).to.equal(2);
    expect(calls).to.deep.equal([]);
    queue.start();
    await queue.drained();
    expect(calls).to.deep.equal(['a', 'b']);
  });

  it('runs a key added first ahead of every waiting key, moving it up when it waits already', async () => {
    // given a queue that is not started yet, with three keys waiting
    const calls: string[] = [];
    const queue = createWorkQueue((key) => { calls.push(key); return Promise.resolve(); }, { ...fast, concurrency: 1 });
    for (const key of ['a', 'b', 'c']) queue.add(key);
    // when one of them and a new one are added first
    queue.addFirst('c');
    queue.addFirst('d');
    // then they run before the others, the last added first, and nothing runs twice
    expect(queue.depth()).to.equal(4);
    queue.start();
    await queue.drained();
    expect(calls).to.deep.equal(['d', 'c', 'a', 'b']);
  });

  it('runs a key scheduled first ahead of the keys waiting when its delay is over', async () => {
    // given one key running (held) and two waiting behind it
    const release = deferred();
    const calls: string[] = [];
    const queue = createWorkQueue(async (key) => {
      calls.push(key);
      if (key === 'a') await release.promise;
    }, { ...fast, concurrency: 1 });
    queue.add('a');
    queue.start();
    queue.add('b');
    queue.add('c');
    // when a key is scheduled first and its delay passes while they wait
    queue.addAfter('late', 2, { first: true });
    await eventually('the scheduled key is queued', () => queue.depth() === 3, { timeoutMs: 2_000, intervalMs: 1 });
    release.resolve();
    await queue.drained();
    // then it runs before them
    expect(calls).to.deep.equal(['a', 'late', 'b', 'c']);
  });

  it('never runs two handlers for the same key at once, and re-runs a key added during its run once', async () => {
    // given a handler for "a" that blocks until released and records overlapping runs
    const release = deferred();
    const firstStarted = deferred();
    let running = 0;
    let maxOverlap = 0;
    let calls = 0;
    const queue = createWorkQueue(async () => {
      calls += 1;
      running += 1;
      maxOverlap = Math.max(maxOverlap, running);
      if (calls === 1) {
        firstStarted.resolve();
        await release.promise;
      }
      running -= 1;
    }, fast);
    queue.start();
    queue.add('a');
    await firstStarted.promise;
    // when "a" is added three more times while it runs
    queue.add('a');
    queue.add('a');
    queue.addAfter('a', 1);
    expect(queue.processing()).to.equal(1);
    expect(queue.depth()).to.equal(0);
    release.resolve();
    await queue.drained();
    // then it ran once more, never alongside itself
    expect(calls).to.equal(2);
    expect(maxOverlap).to.equal(1);
  });

  it('runs at most `concurrency` handlers at once', async () => {
    // given a queue of concurrency 2 whose handlers block until released
    const release = deferred();
    const twoStarted = countdown(2);
    let running = 0;
    let maxRunning = 0;
    const done: string[] = [];
    const queue = createWorkQueue(async (key) => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      twoStarted.hit();
      await release.promise;
      running -= 1;
      done.push(key);
    }, { ...fast, concurrency: 2 });
    queue.start();
    // when five keys are added
    for (const key of ['k1', 'k2', 'k3', 'k4', 'k5']) queue.add(key);
    await twoStarted.reached;
    // then two run and three wait, and all five complete in turn
    expect(queue.processing()).to.equal(2);
    expect(queue.depth()).to.equal(3);
    release.resolve();
    await queue.drained();
    expect(maxRunning).to.equal(2);
    expect(done).to.have.members(['k1', 'k2', 'k3', 'k4', 'k5']);
  });

  it('backs off exponentially per key and caps the delay, jitter included', async () => {
    // given a handler that fails five times, with jitter adding a quarter to each delay
    const succeeded = deferred();
    const callTimes: number[] = [];
    const failures: Array<{ attempt: number; retryInMs: number }> = [];
    const hooks: WorkQueueHooks = {
      onFailure: (_key, _error, attempt, retryInMs) => failures.push({ attempt, retryInMs }),
      onSuccess: () => succeeded.resolve(),
    };
    const queue = createWorkQueue(() => {
      callTimes.push(performance.now());
      return callTimes.length <= 5 ? Promise.reject(new Error('not yet')) : Promise.resolve();
    }, { concurrency: 1, baseDelayMs: 2, maxDelayMs: 12, jitter: 0.5, random: () => 0.5 }, hooks);
    queue.start();
    // when its key is added
    queue.add('a');
    await succeeded.promise;
    // then the delays double from the base delay (x1.25 jitter) until the cap, which holds after jitter too
    expect(failures).to.deep.equal([
      { attempt: 1, retryInMs: 2.5 },
      { attempt: 2, retryInMs: 5 },
      { attempt: 3, retryInMs: 10 },
      { attempt: 4, retryInMs: 12 },
      { attempt: 5, retryInMs: 12 },
    ]);
    const gaps = callTimes.slice(1).map((time, index) => time - callTimes[index]!);
    // Timers count from the event loop's cached millisecond clock, so one may fire up to ~2 ms early.
    gaps.forEach((gap, index) => expect(gap).to.be.at.least(failures[index]!.retryInMs - 2));
  });

  it('forgets the failures of a key once it succeeds', async () => {
    // given a handler that fails twice, succeeds, then fails again
    const outcomes = [false, false, true, false];
    const thirdFailure = countdown(3);
    const attempts: number[] = [];
    const queue = createWorkQueue(() => (outcomes.shift() ? Promise.resolve() : Promise.reject(new Error('failed'))), fast, {
      onFailure: (_key, _error, attempt) => { attempts.push(attempt); thirdFailure.hit(); },
      // when a new event arrives after the success
      onSuccess: (key) => queue.add(key),
    });
    queue.start();
    queue.add('a');
    await thirdFailure.reached;
    // then the failure after the success counts as a first attempt again
    expect(attempts).to.deep.equal([1, 2, 1]);
  });

  it('runs a key again when its handler asks for a requeue', async () => {
    // given a handler that asks to be called again in 5 ms the first time
    const callTimes: number[] = [];
    const queue = createWorkQueue(() => {
      callTimes.push(performance.now());
      return Promise.resolve(callTimes.length === 1 ? { requeueAfterMs: 5 } : undefined);
    }, { ...fast, baseDelayMs: 50, maxDelayMs: 100 });
    queue.start();
    // when its key runs
    queue.add('a');
    await queue.drained();
    // then it ran twice, the second time after the requested delay
    expect(callTimes).to.have.length(2);
    expect(callTimes[1]! - callTimes[0]!).to.be.at.least(3);
  });

  it('runs a key at once when an event arrives while its retry waits', async () => {
    // given a key that failed and now waits a minute for its retry
    const failed = deferred();
    const succeeded = deferred();
    let calls = 0;
    const queue = createWorkQueue(() => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error('first run fails')) : Promise.resolve();
    }, { concurrency: 1, baseDelayMs: 60_000, maxDelayMs: 120_000 }, {
      onFailure: () => failed.resolve(),
      onSuccess: () => succeeded.resolve(),
    });
    queue.start();
    queue.add('a');
    await failed.promise;
    await queue.drained();
    expect(queue.depth()).to.equal(0);
    // when the key is added again
    queue.add('a');
    // then it runs now rather than after the backoff
    await succeeded.promise;
    expect(calls).to.equal(2);
  });

  it('keeps only the earliest pending schedule of a key', async () => {
    // given a queue whose drained() waits for anything due within 200 ms
    const calls: string[] = [];
    const queue = createWorkQueue((key) => { calls.push(key); return Promise.resolve(); }, { ...fast, baseDelayMs: 200, maxDelayMs: 400 });
    queue.start();
    // when a key is scheduled in 100 ms then in 5 ms, and another in 5 ms then in 10 s
    queue.addAfter('later-then-sooner', 100);
    queue.addAfter('later-then-sooner', 5);
    queue.addAfter('sooner-then-later', 5);
    queue.addAfter('sooner-then-later', 10_000);
    queue.addAfter('after-the-dropped-schedule', 150);
    await queue.drained();
    // then each ran once: the 100 ms schedule was dropped, the 10 s one never replaced the 5 ms one
    expect([...calls].sort()).to.deep.equal(['after-the-dropped-schedule', 'later-then-sooner', 'sooner-then-later']);
  });

  it('stops taking work on shut down and waits for the handlers in flight', async () => {
    // given a queue of concurrency 1 running a blocked handler with another key waiting
    const release = deferred();
    const started = deferred();
    const calls: string[] = [];
    const queue = createWorkQueue(async (key) => {
      calls.push(key);
      started.resolve();
      await release.promise;
    }, { ...fast, concurrency: 1 });
    queue.start();
    queue.add('running');
    queue.add('waiting');
    await started.promise;
    // when it shuts down and a key is added afterwards
    let shutDown = false;
    const shuttingDown = queue.shutDown().then(() => { shutDown = true; });
    queue.add('late');
    await new Promise(setImmediate);
    // then it waits for the running handler only, and runs nothing else
    expect(shutDown).to.equal(false);
    release.resolve();
    await shuttingDown;
    expect(calls).to.deep.equal(['running']);
    expect(queue.depth()).to.equal(0);
    expect(queue.processing()).to.equal(0);
  });

  it('refuses options that cannot work', () => {
    const idle = () => Promise.resolve();
    expect(() => createWorkQueue(idle, { ...fast, concurrency: 0 })).to.throw(RangeError, /concurrency/);
    expect(() => createWorkQueue(idle, { ...fast, maxDelayMs: 0.5 })).to.throw(RangeError, /maxDelayMs/);
    expect(() => createWorkQueue(idle, { ...fast, jitter: 2 })).to.throw(RangeError, /jitter/);
  });

  it('does not keep the process alive while a retry waits', async () => {
    // given a process whose only key failed and waits a minute for its retry
    const module = fileURLToPath(new URL('../src/controller/work-queue.ts', import.meta.url));
    const script = `
      import { createWorkQueue } from ${JSON.stringify(module)};
      const queue = createWorkQueue(async () => { throw new Error('fails'); },
        { concurrency: 1, baseDelayMs: 60000, maxDelayMs: 60000 },
        { onFailure: () => console.log('failed once') });
      queue.start();
      queue.add('a');`;
    // when its script ends, then the process exits long before the retry
    const { stdout } = await promisify(execFile)(process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 20_000 });
    expect(stdout.trim()).to.equal('failed once');
  }).timeout(25_000);
});
