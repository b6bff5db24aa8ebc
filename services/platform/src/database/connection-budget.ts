// A bound on the master-database work running at once for the platform's background jobs (watch-driven recording,
// webhook bookkeeping): a burst of a thousand tenants waits here, in order, instead of timing out in the pool while
// API requests starve for connections.
export interface ConnectionBudget {
  /** Runs `work` once fewer than the budget's jobs are running; jobs wait in arrival order. */
  run<T>(work: () => Promise<T>): Promise<T>;
}

export function createConnectionBudget(max: number): ConnectionBudget {
  let running = 0;
  const waiting: Array<() => void> = [];
  return {
    async run(work) {
      if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
      else running += 1;
      try {
        return await work();
      } finally {
        // The slot passes straight to the next job, so nothing can slip in between and exceed the budget.
        const next = waiting.shift();
        if (next === undefined) running -= 1;
        else next();
      }
    },
  };
}
