// The entries list's state in the URL: read back as written, malformed parameters ignored, mapped to the API's query.
import { apiQueryOfView, defaultView, isFiltered, paramsOfView, parseTags, viewFromParams } from './entries-view';

describe('entries view in the URL', () => {
  it('writes only what differs from the default, and reads it back the same', () => {
    const view = { ...defaultView, q: 'hello world', status: 'published' as const, tags: ['a', 'b'], from: '2026-01-01', to: '2026-01-31', sort: 'title' as const, limit: 50, cursor: 'abc' };

    const params = paramsOfView(view);

    expect(params).toEqual({ q: 'hello world', status: 'published', tag: ['a', 'b'], from: '2026-01-01', to: '2026-01-31', sort: 'title', limit: '50', cursor: 'abc' });
    expect(viewFromParams(params)).toEqual(view);
    expect(paramsOfView(defaultView)).toEqual({});
  });

  it('falls back to the default for what it does not understand', () => {
    const view = viewFromParams({ status: 'deleted', sort: 'random', limit: '7', from: 'yesterday', tag: ['', 'x', 'x'] });

    expect(view).toEqual({ ...defaultView, tags: ['x'] });
  });

  it('asks the API for the inclusive day range as created_from and the next day as created_to', () => {
    const query = apiQueryOfView({ ...defaultView, from: '2026-02-28', to: '2026-02-28', author: 'ada@example.com' });

    expect(query).toEqual({ limit: 20, sort: '-created_at', created_from: '2026-02-28', created_to: '2026-03-01', author: 'ada@example.com' });
  });

  it('tells a filtered view from the plain one, and reads tags as a person types them', () => {
    expect(isFiltered(defaultView)).toBe(false);
    expect(isFiltered({ ...defaultView, sort: 'title', cursor: 'x' })).toBe(false);
    expect(isFiltered({ ...defaultView, tags: ['x'] })).toBe(true);
    expect(parseTags(' news, ,release ,news')).toEqual(['news', 'release']);
  });
});
