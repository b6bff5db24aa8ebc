// Runs a reconcile recipe: an ordered list of named, idempotent steps, each answering continue, requeue
// after, or an error. The runner knows nothing of what a step does (PostgreSQL, Kubernetes) nor of the work
// queue; the concurrency a recipe wants is declared in the list itself (`concurrently`).

export type StepResult =
  | { readonly next: 'continue' }
  | { readonly next: 'requeue'; readonly afterMs: number; readonly reason: string; readonly message: string }
  | { readonly next: 'error'; readonly error: Error };

export const proceed: StepResult = { next: 'continue' };

/** Stop this pass and come back later: the wait is the world's (a dependency not there yet), not a failure. */
export function requeueAfter(afterMs: number, reason: string, message: string): StepResult {
  return { next: 'requeue', afterMs, reason, message };
}

export function stepFailed(error: unknown): StepResult {
  return { next: 'error', error: error instanceof Error ? error : new Error(String(error)) };
}

export interface Step<P> {
  readonly name: string;
  /** Whether the step applies to this pass; one that does not is skipped. */
  readonly when?: (pass: P) => boolean;
  /** Does the step's one thing, idempotently. Throwing is the same as answering stepFailed. */
  run(pass: P): Promise<StepResult>;
}

/** How a whole recipe ended: the first step that did not continue says why. */
export type RecipeOutcome =
  | { readonly result: 'done' }
  | { readonly result: 'requeue'; readonly step: string; readonly afterMs: number; readonly reason: string; readonly message: string }
  | { readonly result: 'failed'; readonly step: string; readonly error: Error };

export interface RunOptions {
  /** Wraps each step, e.g. in a trace span of its name. */
  readonly around?: <T>(step: string, work: () => Promise<T>) => Promise<T>;
  /** Hears how long each step that ran took. */
  readonly onStep?: (step: string, ms: number) => void;
}

/** An entry made of other entries (a concurrent group, a narrowed sub-recipe): it runs them itself. */
export interface Composite<P> {
  readonly composite: (pass: P, options: RunOptions) => Promise<RecipeOutcome>;
}

export type Entry<P> = Step<P> | Composite<P>;
export type Recipe<P> = readonly Entry<P>[];

const done: RecipeOutcome = { result: 'done' };

/** Runs the entries in order and stops at the first that does not continue. */
export async function runRecipe<P>(recipe: Recipe<P>, pass: P, options: RunOptions = {}): Promise<RecipeOutcome> {
  for (const entry of recipe) {
    const outcome = 'composite' in entry ? await entry.composite(pass, options) : await runStep(entry, pass, options);
    if (outcome.result !== 'done') return outcome;
  }
  return done;
}

async function runStep<P>(step: Step<P>, pass: P, { around = (_name, work) => work(), onStep }: RunOptions): Promise<RecipeOutcome> {
  if (step.when && !step.when(pass)) return done;
  const started = performance.now();
  const result = await around(step.name, () => step.run(pass)).catch(stepFailed);
  onStep?.(step.name, performance.now() - started);
  switch (result.next) {
    case 'continue':
      return done;
    case 'requeue':
      return { result: 'requeue', step: step.name, afterMs: result.afterMs, reason: result.reason, message: result.message };
    case 'error':
      return { result: 'failed', step: step.name, error: result.error };
  }
}

/**
 * Branches that run at the same time, each a recipe of its own. Every branch runs to its end even when
 * another fails (a fast failure must not leave a half-done branch racing the retry); then the first
 * failure in declaration order wins, else the earliest requeue.
 */
export function concurrently<P>(...branches: Recipe<P>[]): Composite<P> {
  return {
    async composite(pass, options) {
      const outcomes = await Promise.all(branches.map((branch) => runRecipe(branch, pass, options)));
      const failed = outcomes.find((outcome) => outcome.result === 'failed');
      if (failed) return failed;
      const requeues = outcomes.filter((outcome) => outcome.result === 'requeue');
      return requeues.sort((a, b) => a.afterMs - b.afterMs)[0] ?? done;
    },
  };
}

/**
 * A sub-recipe over a narrower pass type, for what earlier steps established (a placed tenant): `narrow`
 * builds that pass, or answers undefined when the earlier steps did not, which is a bug in the recipe.
 */
export function narrowed<P, Q>(name: string, narrow: (pass: P) => Q | undefined, recipe: Recipe<Q>): Composite<P> {
  return {
    async composite(pass, options) {
      const narrower = narrow(pass);
      if (narrower === undefined) return { result: 'failed', step: name, error: new Error(`recipe bug: ${name} ran before what it needs was established`) };
      return runRecipe(recipe, narrower, options);
    },
  };
}
