import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PARTIAL_LINE_WAIT_MS } from '../../shared/line-rules';
import type { ViewId } from '../store/view';
import { MergedView } from './merged-view';

const enc = (s: string) => new TextEncoder().encode(s);
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

function setup() {
  let text = '';
  const done: (() => void)[] = [];
  const view = new MergedView(
    {
      write: (viewId: ViewId, data: string | Uint8Array, whenDone?: () => void) => {
        expect(viewId).toBe('merged');
        text += typeof data === 'string' ? data : new TextDecoder().decode(data);
        if (whenDone) done.push(whenDone);
      },
      reset: () => void (text = ''),
    },
    () => '36',
  );
  return { view, text: () => plain(text), done };
}

describe('MergedView', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  it('tells which instances it takes back in', () => {
    const { view } = setup();
    expect(view.show(['web.1'])).toEqual(['web.1']);
    expect(view.show(['web.1', 'web.2'])).toEqual(['web.2']);
    expect(view.shows('web.2')).toBe(true);
    expect(view.show(['web.2'])).toEqual([]);
    expect(view.shows('web.1')).toBe(false);
  });

  it('shows a partial line exactly when it has waited the shared time, with no timer left after', () => {
    const { view, text } = setup();
    view.show(['web.1']);
    view.write('web.1', enc('> '), '', () => undefined);
    vi.advanceTimersByTime(PARTIAL_LINE_WAIT_MS - 1);
    expect(text()).toBe('');
    vi.advanceTimersByTime(1);
    expect(text()).toBe('web.1 | > \r\n');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('waits again from when a partial line last grew', () => {
    const { view, text } = setup();
    view.show(['web.1']);
    view.write('web.1', enc('10%'), '', () => undefined);
    vi.advanceTimersByTime(PARTIAL_LINE_WAIT_MS - 50);
    view.write('web.1', enc(' 20%'), '', () => undefined);
    vi.advanceTimersByTime(PARTIAL_LINE_WAIT_MS - 1);
    expect(text()).toBe('');
    vi.advanceTimersByTime(1);
    expect(text()).toBe('web.1 | 10% 20%\r\n');
  });

  it('runs no timer for complete lines, and writes a marker ahead of the bytes', () => {
    const { view, text, done } = setup();
    view.show(['web.1']);
    view.write('web.1', enc('after\n'), '… 2 KB skipped', () => undefined);
    expect(text()).toBe('web.1 | … 2 KB skipped\r\nweb.1 | after\r\n');
    expect(done).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('forgets a pending partial line when the instance starts again, and empties on clear', () => {
    const { view, text } = setup();
    view.show(['web.1']);
    view.write('web.1', enc('old half'), '', () => undefined);
    view.forget('web.1');
    vi.advanceTimersByTime(PARTIAL_LINE_WAIT_MS);
    expect(text()).toBe('');
    view.write('web.1', enc('new\n'), '', () => undefined);
    expect(text()).toBe('web.1 | new\r\n');
    view.clear(['web.1']);
    expect(text()).toBe('');
  });
});
