// The recipe runner's promises: order, stopping at the first step that does not continue, skipped steps,
// declared concurrency that lets every branch finish, and narrowing to what earlier steps established.
import { expect } from 'chai';
import { concurrently, narrowed, proceed, requeueAfter, runRecipe, stepFailed, type Step } from '../src/reconcile/recipe.js';

interface Log { ran: string[]; placed?: string }

const step = (name: string, answer: () => ReturnType<Step<Log>['run']> = () => Promise.resolve(proceed), when?: (pass: Log) => boolean): Step<Log> => ({
  name,
  ...(when ? { when } : {}),
  async run(pass) {
    pass.ran.push(name);
    return answer();
  },
});

/** Resolves on the next turn of the event loop, so that a concurrent branch can interleave. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('reconcile recipe runner', () => {
  it('runs the steps in order and ends done when each continues', async () => {
    const pass: Log = { ran: [] };
    const outcome = await runRecipe([step('a'), step('b'), step('c')], pass);
    expect(outcome).to.deep.equal({ result: 'done' });
    expect(pass.ran).to.deep.equal(['a', 'b', 'c']);
  });

  it('stops at a step that asks to requeue, and says which step and why', async () => {
    const pass: Log = { ran: [] };
    const outcome = await runRecipe([step('a'), step('wait', () => Promise.resolve(requeueAfter(30_000, 'NotYet', 'waiting'))), step('c')], pass);
    expect(outcome).to.deep.equal({ result: 'requeue', step: 'wait', afterMs: 30_000, reason: 'NotYet', message: 'waiting' });
    expect(pass.ran).to.deep.equal(['a', 'wait']);
  });

  it('stops at a failing step, whether it answers an error or throws one', async () => {
    const boom = new Error('boom');
    for (const failing of [step('bad', () => Promise.resolve(stepFailed(boom))), step('bad', () => Promise.reject(boom))]) {
      const pass: Log = { ran: [] };
      const outcome = await runRecipe([step('a'), failing, step('c')], pass);
      expect(outcome).to.deep.equal({ result: 'failed', step: 'bad', error: boom });
      expect(pass.ran).to.deep.equal(['a', 'bad']);
    }
  });

  it('skips a step whose condition does not hold, and neither times nor wraps it', async () => {
    const pass: Log = { ran: [] };
    const timed: string[] = [];
    const wrapped: string[] = [];
    await runRecipe([step('a'), step('never', undefined, () => false), step('c')], pass, {
      onStep: (name) => timed.push(name),
      around: (name, work) => { wrapped.push(name); return work(); },
    });
    expect(pass.ran).to.deep.equal(['a', 'c']);
    expect(timed).to.deep.equal(['a', 'c']);
    expect(wrapped).to.deep.equal(['a', 'c']);
  });

  it('runs concurrent branches at once, each in its own order', async () => {
    const pass: Log = { ran: [] };
    const slow = step('slow', async () => { await turn(); await turn(); return proceed; });
    const outcome = await runRecipe([concurrently([slow, step('slow-next')], [step('fast'), step('fast-next')]), step('after')], pass);
    expect(outcome.result).to.equal('done');
    expect(pass.ran).to.deep.equal(['slow', 'fast', 'fast-next', 'slow-next', 'after']);
  });

  it('lets every branch finish before it reports the first failure in declaration order', async () => {
    const pass: Log = { ran: [] };
    const first = new Error('first');
    const late = step('late-failure', async () => { await turn(); return stepFailed(first); });
    const early = step('early-failure', () => Promise.reject(new Error('second')));
    const outcome = await runRecipe([concurrently([late], [early], [step('other'), step('other-next')]), step('after')], pass);
    expect(outcome).to.deep.equal({ result: 'failed', step: 'late-failure', error: first });
    expect(pass.ran).to.include.members(['other', 'other-next']);
    expect(pass.ran).to.not.include('after');
  });

  it('reports the earliest requeue of concurrent branches when none failed', async () => {
    const pass: Log = { ran: [] };
    const outcome = await runRecipe([concurrently(
      [step('later', () => Promise.resolve(requeueAfter(5_000, 'Later', 'later')))],
      [step('sooner', () => Promise.resolve(requeueAfter(1_000, 'Sooner', 'sooner')))],
    )], pass);
    expect(outcome).to.include({ result: 'requeue', step: 'sooner', afterMs: 1_000 });
  });

  it('narrows the pass for a sub-recipe once an earlier step established what it needs', async () => {
    const pass: Log = { ran: [] };
    const place: Step<Log> = { name: 'place', run: (p) => { p.placed = 'server-a'; return Promise.resolve(proceed); } };
    const seen: string[] = [];
    const onServer: Step<{ server: string }> = { name: 'use', run: (p) => { seen.push(p.server); return Promise.resolve(proceed); } };
    const recipe = [place, narrowed('placed', (p: Log) => (p.placed === undefined ? undefined : { server: p.placed }), [onServer])];
    expect(await runRecipe(recipe, pass)).to.deep.equal({ result: 'done' });
    expect(seen).to.deep.equal(['server-a']);
  });

  it('fails, naming the recipe bug, when a narrowed sub-recipe runs before what it needs exists', async () => {
    const outcome = await runRecipe([narrowed('placed', () => undefined, [step('never')])], { ran: [] });
    expect(outcome.result).to.equal('failed');
    expect(outcome.result === 'failed' && outcome.error.message).to.match(/recipe bug: placed ran before/);
  });
});
