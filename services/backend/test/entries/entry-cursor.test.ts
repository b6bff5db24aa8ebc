// Keyset cursors: opaque, round-tripping to the microsecond, and refused for another listing.
import { expect } from 'chai';
import { BackendError } from '../../src/backend-error.js';
import { cursorScope, decodeCursor, encodeCursor } from '../../src/entries/entry-cursor.js';

const id = '7d4f0a52-5d1c-4c4e-9d7e-2f8a3c1b6e90';

describe('entry cursors', () => {
  it('gives back the position it was made from, microseconds included', () => {
    const scope = cursorScope('-created_at', { status: 'draft' });
    const cursor = encodeCursor('-created_at', scope, { key: '2026-01-01T00:00:00.000001Z', id, direction: 'after' });

    expect(cursor).to.match(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, '-created_at', scope)).to.deep.equal({ key: '2026-01-01T00:00:00.000001Z', id, direction: 'after' });
  });

  it('keeps the way a cursor goes, and reads a cursor without one as going forward', () => {
    const scope = cursorScope('title', {});
    const back = encodeCursor('title', scope, { key: 'Entry', id, direction: 'before' });
    const older = Buffer.from(JSON.stringify({ v: 1, s: 'title', f: scope, k: 'Entry', i: id })).toString('base64url');

    expect(decodeCursor(back, 'title', scope).direction).to.equal('before');
    expect(decodeCursor(older, 'title', scope)).to.deep.equal({ key: 'Entry', id, direction: 'after' });
  });

  it('gives the same scope whatever the order of the filters, and another one for other values', () => {
    expect(cursorScope('title', { a: 1, b: ['x'] })).to.equal(cursorScope('title', { b: ['x'], a: 1 }));
    expect(cursorScope('title', { a: 1 })).to.not.equal(cursorScope('title', { a: 2 }));
    expect(cursorScope('title', { a: 1 })).to.not.equal(cursorScope('-created_at', { a: 1 }));
  });

  it('refuses a cursor of another sort, other filters, or no cursor at all, naming the cursor field', () => {
    const scope = cursorScope('title', {});
    const cursor = encodeCursor('title', scope, { key: 'Entry', id, direction: 'after' });
    const attempts = [
      () => decodeCursor(cursor, 'created_at', cursorScope('created_at', {})),
      () => decodeCursor(cursor, 'title', cursorScope('title', { status: 'draft' })),
      () => decodeCursor('bm9wZQ', 'title', scope),
      () => decodeCursor(Buffer.from(JSON.stringify({ v: 1, s: 'title', f: scope, k: 'x', i: 'not-a-uuid' })).toString('base64url'), 'title', scope),
      () => decodeCursor(Buffer.from(JSON.stringify({ v: 1, s: 'title', f: scope, k: 'x', i: id, d: 'sideways' })).toString('base64url'), 'title', scope),
    ];
    for (const attempt of attempts) {
      expect(attempt).to.throw(BackendError).that.satisfies((error: BackendError) =>
        error.kind === 'bad-request' && error.fields?.[0]?.field === 'cursor');
    }
  });

  it('refuses a tampered key the database could not compare: a day the calendar lacks, the year 0000, an odd form', () => {
    const scope = cursorScope('-created_at', {});
    const tampered = (key: string) => encodeCursor('-created_at', scope, { key, id, direction: 'after' });
    for (const key of ['2026-02-30T00:00:00.000000Z', '0000-01-01T00:00:00.000000Z', '2026-01-01T25:00:00.000000Z', '2026-01-01', 'yesterday']) {
      expect(() => decodeCursor(tampered(key), '-created_at', scope), key).to.throw(BackendError)
        .that.satisfies((error: BackendError) => error.fields?.[0]?.field === 'cursor');
    }
    const titleScope = cursorScope('title', {});
    expect(() => decodeCursor(encodeCursor('title', titleScope, { key: 'a\u0000b', id, direction: 'after' }), 'title', titleScope))
      .to.throw(BackendError);
  });
});
