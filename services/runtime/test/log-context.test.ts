// Tests for the async log context: nesting, propagation across awaits, isolation between units of work.
import { expect } from 'chai';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { annotateLogContext, currentLogContext, withLogContext, withLogScope } from '../src/index.js';

describe('log context', () => {
  it('is empty outside any withLogContext', () => {
    expect(currentLogContext()).to.deep.equal({});
  });

  it('returns what the function returns, promises included', async () => {
    expect(withLogContext({ tenantId: 'acme' }, () => 42)).to.equal(42);
    expect(await withLogContext({ tenantId: 'acme' }, () => Promise.resolve('done'))).to.equal('done');
  });

  it('merges inner fields over outer ones and restores the outer context afterwards', () => {
    withLogContext({ tenantId: 'acme', requestId: 'r-1' }, () => {
      withLogContext({ tenantId: 'globex', spanId: 's-2' }, () => {
        expect(currentLogContext()).to.deep.equal({ tenantId: 'globex', requestId: 'r-1', spanId: 's-2' });
      });
      expect(currentLogContext()).to.deep.equal({ tenantId: 'acme', requestId: 'r-1' });
    });
  });

  it('follows the work across awaits and timers', async () => {
    const seen = await withLogContext({ traceId: 't-1' }, async () => {
      await nextTurn();
      const afterAwait = currentLogContext().traceId;
      const inTimer = await new Promise((resolve) => setTimeout(() => resolve(currentLogContext().traceId), 0));
      return [afterAwait, inTimer];
    });

    expect(seen).to.deep.equal(['t-1', 't-1']);
  });

  it('keeps concurrent units of work apart', async () => {
    const work = (tenantId: string) =>
      withLogContext({ tenantId }, async () => {
        await nextTurn();
        return currentLogContext().tenantId;
      });

    expect(await Promise.all([work('acme'), work('globex'), work('initech')])).to.deep.equal([
      'acme',
      'globex',
      'initech',
    ]);
  });

  it('lets a unit of work learn fields after it started, visible to work bound to its start as well', async () => {
    const seen = await withLogScope({ requestId: 'r-1' }, async () => {
      const atStart = () => currentLogContext();
      await withLogContext({ step: 'auth' }, async () => {
        await nextTurn();
        expect(annotateLogContext({ tenantId: 'acme' })).to.equal(true);
      });
      return atStart();
    });

    expect(seen).to.deep.equal({ requestId: 'r-1', tenantId: 'acme' });
  });

  it('keeps learnt fields inside their own unit of work', async () => {
    const work = (tenantId: string) =>
      withLogScope({}, async () => {
        await nextTurn();
        annotateLogContext({ tenantId });
        await nextTurn();
        return currentLogContext().tenantId;
      });

    expect(await Promise.all([work('acme'), work('globex')])).to.deep.equal(['acme', 'globex']);
    expect(annotateLogContext({ tenantId: 'nowhere' })).to.equal(false);
    expect(currentLogContext()).to.deep.equal({});
  });

  it('hands out a frozen context, so nobody can change it for the rest of the unit of work', () => {
    withLogContext({ tenantId: 'acme' }, () => {
      expect(Object.isFrozen(currentLogContext())).to.equal(true);
    });
  });
});
