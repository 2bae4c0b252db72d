import { describe, expect, it } from 'vitest';
import { MAX_TARGET_LENGTH, parseRequestTarget } from './request-target';

describe('parseRequestTarget', () => {
  it.each([
    ['/', [''], ''],
    ['/index.html', ['index.html'], ''],
    ['/assets/app-1.js', ['assets', 'app-1.js'], ''],
    ['/api/log/web.1?stream=stderr', ['api', 'log', 'web.1'], 'stream=stderr'],
    ['/api/log/web%2E1', ['api', 'log', 'web.1'], ''],
    ['/ws?token=a-b_c', ['ws'], 'token=a-b_c'],
    ['/#token=x', [''], ''],
    ['/caf%C3%A9', ['café'], ''],
  ])('%s is a path', (raw, segments, search) => {
    const target = parseRequestTarget(raw);
    expect(target).toMatchObject({ ok: true, segments });
    if (target.ok) expect(target.query.toString()).toBe(search);
  });

  it.each([
    [undefined, 400],
    ['', 400],
    ['*', 400],
    ['http://127.0.0.1/', 400],
    ['127.0.0.1:80', 400],
    ['//x:99999', 400],
    ['//[', 400],
    ['/%', 400],
    ['/%4', 400],
    ['/%zz', 400],
    ['/%c0%af', 400],
    ['/%00', 400],
    ['/a%2Fb', 400],
    ['/a%5Cb', 400],
    ['/..', 400],
    ['/a/%2e%2e/b', 400],
    ['/./a', 400],
    ['/a b', 400],
    ['/a\\b', 400],
    ['/é', 400],
    ['/?q=%', 400],
    [`/${'a'.repeat(MAX_TARGET_LENGTH)}`, 414],
  ])('%s is refused with %i', (raw, status) => {
    expect(parseRequestTarget(raw)).toMatchObject({ ok: false, status });
  });

  it('never throws, whatever the bytes', () => {
    for (let i = 0; i < 5000; i++) {
      const raw = `/${Array.from({ length: i % 40 }, (_, j) => String.fromCharCode((i * 31 + j * 17) % 256)).join('')}`;
      expect(() => parseRequestTarget(raw)).not.toThrow();
    }
  });
});
