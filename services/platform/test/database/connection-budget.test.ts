// The background jobs' bound on concurrent database work: never more than the budget at once, in arrival order.
import { expect } from 'chai';
import { createConnectionBudget } from '../../src/database/connection-budget.js';

describe('connection budget', () => {
  it('runs at most its budget of jobs at once, the others in the order they came, and survives a failing job', async () => {
    const budget = createConnectionBudget(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const job = (n: number) => budget.run(async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setImmediate(resolve));
      order.push(n);
      running -= 1;
      if (n === 1) throw new Error('job 1 fails');
      return n;
    });

    const results = await Promise.allSettled([0, 1, 2, 3, 4, 5].map(job));

    expect(most).to.equal(2);
    expect(order).to.deep.equal([0, 1, 2, 3, 4, 5]);
    expect(results.map((result) => result.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(await budget.run(() => Promise.resolve('free again'))).to.equal('free again');
  });
});
