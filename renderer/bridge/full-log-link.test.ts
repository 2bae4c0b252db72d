import { describe, expect, it } from 'vitest';
import { fullLogLink, fullLogLinkInstance } from './full-log-link';

const ORIGIN = 'http://127.0.0.1:4999';

describe('the gap notice link to a full log', () => {
  it('names the instance on a path of this page and carries no credential', () => {
    const link = fullLogLink(ORIGIN, 'web.1');
    expect(link).toBe('http://127.0.0.1:4999/full-log/web.1');
    expect(link).not.toMatch(/token|\?|#/);
    expect(fullLogLinkInstance(link, ORIGIN)).toBe('web.1');
    expect(fullLogLinkInstance(fullLogLink(ORIGIN, 'clock_1.12'), ORIGIN)).toBe('clock_1.12');
  });

  it.each([
    ['another origin', 'http://127.0.0.1:5000/full-log/web.1'],
    ['another path', `${ORIGIN}/log/web.1`],
    ['a query', `${ORIGIN}/full-log/web.1?token=x`],
    ['a fragment', `${ORIGIN}/full-log/web.1#x`],
    ['not an instance', `${ORIGIN}/full-log/web`],
    ['a broken escape', `${ORIGIN}/full-log/web.%E0`],
    ['not a URL', 'full-log/web.1'],
  ])('is not a full-log link with %s: it opens outside as any link would', (_what, url) => {
    expect(fullLogLinkInstance(url, ORIGIN)).toBeNull();
  });
});
