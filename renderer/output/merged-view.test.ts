import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PARTIAL_LINE_WAIT_MS } from '../../shared/line-rules';
import type { InstanceId } from '../../shared/model';
import type { TerminalId } from '../store/view';
import { formatArrival } from '../../shared/arrival-times';
import { MERGED_HISTORY_LINES, MergedView } from './merged-view';

const enc = (s: string) => new TextEncoder().encode(s);
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

/** Writes the next bytes of the instance's stream, all arriving at `at`. */
const offsets = new Map<string, number>();
function write(view: MergedView, id: InstanceId, data: Uint8Array, marker: string, done: () => void, at = 1000): void {
  const offset = offsets.get(id) ?? 0;
  offsets.set(id, offset + data.byteLength);
  view.write(id, data, offset, data.byteLength > 0 ? [offset, at] : [], marker, done);
}

function setup() {
  offsets.clear();
  let text = '';
  const done: (() => void)[] = [];
  const view = new MergedView(
    {
      write: (viewId: TerminalId, data: string | Uint8Array, whenDone?: () => void) => {
        expect(viewId).toBe('merged');
        text += typeof data === 'string' ? data : new TextDecoder().decode(data);
        // A RIS resets the terminal: what came before it is gone.
        const reset = text.lastIndexOf('\x1bc');
        if (reset >= 0) text = text.slice(reset + 2);
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
    write(view, 'web.1', enc('> '), '', () => undefined);
    vi.advanceTimersByTime(PARTIAL_LINE_WAIT_MS - 1);
    expect(text()).toBe('');
    vi.advanceTimersByTime(1);
    expect(text()).toBe('web.1 | > \r\n');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('waits again from when a partial line last grew', () => {
    const { view, text } = setup();
    view.show(['web.1']);
    write(view, 'web.1', enc('10%'), '', () => undefined);
    vi.advanceTimersByTime(PARTIAL_LINE_WAIT_MS - 50);
    write(view, 'web.1', enc(' 20%'), '', () => undefined);
    vi.advanceTimersByTime(PARTIAL_LINE_WAIT_MS - 1);
    expect(text()).toBe('');
    vi.advanceTimersByTime(1);
    expect(text()).toBe('web.1 | 10% 20%\r\n');
  });

  it('runs no timer for complete lines, and writes a marker ahead of the bytes', () => {
    const { view, text, done } = setup();
    view.show(['web.1']);
    write(view, 'web.1', enc('after\n'), '… 2 KB skipped', () => undefined);
    expect(text()).toBe('web.1 | … 2 KB skipped\r\nweb.1 | after\r\n');
    expect(done).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('forgets a pending partial line when the instance starts again, and empties on clear', () => {
    const { view, text } = setup();
    view.show(['web.1']);
    write(view, 'web.1', enc('old half'), '', () => undefined);
    view.forget('web.1');
    vi.advanceTimersByTime(PARTIAL_LINE_WAIT_MS);
    expect(text()).toBe('');
    write(view, 'web.1', enc('new\n'), '', () => undefined);
    expect(text()).toBe('web.1 | new\r\n');
    view.clear(['web.1']);
    expect(text()).toBe('');
  });

  it('pads every prefix to the widest instance it shows', () => {
    const { view, text } = setup();
    view.show(['web.1', 'worker.1']);
    write(view, 'web.1', enc('one\n'), '', () => undefined);
    write(view, 'worker.1', enc('job\n'), '', () => undefined);
    expect(text()).toBe('web.1    | one\r\nworker.1 | job\r\n');
  });
});

describe('MergedView with timestamps', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  const t0 = new Date(2024, 0, 31, 14, 3, 27, 512).getTime();

  it('writes the lines so far again, each after its arrival time, and later lines with theirs', () => {
    const { view, text } = setup();
    view.show(['web.1', 'web.2']);
    write(view, 'web.1', enc('a\nb\n'), '', () => undefined, t0);
    write(view, 'web.2', enc('c\n'), '', () => undefined, t0 + 5);
    view.setTimestamps(true);
    write(view, 'web.1', enc('d\n'), '', () => undefined, t0 + 1000);
    expect(text()).toBe(
      `14:03:27.512 web.1 | a\r\n14:03:27.512 web.1 | b\r\n14:03:27.517 web.2 | c\r\n${formatArrival(t0 + 1000)}web.1 | d\r\n`,
    );
  });

  it('turning them off again restores exactly the lines without times, in the order shown', () => {
    const { view, text } = setup();
    view.show(['web.1', 'web.2']);
    write(view, 'web.1', enc('a\n'), '', () => undefined, t0);
    write(view, 'web.2', enc('b\npart'), '', () => undefined, t0 + 1);
    const before = text();
    view.setTimestamps(true);
    expect(text()).not.toBe(before);
    view.setTimestamps(false);
    expect(text()).toBe(before);
    // The partial line still waits, and comes once, with the timestamps as they are then.
    vi.advanceTimersByTime(PARTIAL_LINE_WAIT_MS);
    expect(text()).toBe(`${before}web.2 | part\r\n`);
  });

  it('a marker line gets a blank time, as wide as a time', () => {
    const { view, text } = setup();
    view.show(['web.1']);
    view.setTimestamps(true);
    write(view, 'web.1', enc('x\n'), '… 2 KB skipped', () => undefined, t0);
    expect(text()).toBe(`${' '.repeat(13)}web.1 | … 2 KB skipped\r\n14:03:27.512 web.1 | x\r\n`);
  });

  it('does not bring back lines the user cleared', () => {
    const { view, text } = setup();
    view.show(['web.1']);
    write(view, 'web.1', enc('old\n'), '', () => undefined, t0);
    view.cleared();
    write(view, 'web.1', enc('new\n'), '', () => undefined, t0);
    view.setTimestamps(true);
    expect(text()).toBe('14:03:27.512 web.1 | new\r\n');
  });

  it('keeps as many lines as the terminal’s scrollback, the newest', () => {
    const { view, text } = setup();
    view.show(['web.1']);
    const lines = Array.from({ length: MERGED_HISTORY_LINES + 5 }, (_, i) => `line ${i}\n`).join('');
    write(view, 'web.1', enc(lines), '', () => undefined, t0);
    view.setTimestamps(true);
    const shown = text().split('\r\n').filter(Boolean);
    expect(shown).toHaveLength(MERGED_HISTORY_LINES);
    expect(shown[0]).toBe('14:03:27.512 web.1 | line 5');
  });
});
