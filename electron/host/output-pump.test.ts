import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventMessage, OutputBatch } from '../../shared/contract';
import { OutputRing } from '../core/output/output-ring';
import { OutputPump } from './output-pump';

const bytes = (s: string) => Buffer.from(s);

function setup() {
  const ring = new OutputRing(1024);
  const sent: OutputBatch[] = [];
  const pump = new OutputPump(
    (message: EventMessage) => {
      if (message.event === 'output') sent.push(message.payload);
    },
    () => ring,
  );
  return { ring, pump, sent };
}

describe('OutputPump and arrival times', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends each batch with a mark per chunk whose arrival time changed', () => {
    const { ring, pump, sent } = setup();
    ring.append('pty', bytes('one\n'), 100);
    ring.append('pty', bytes('two\n'), 100);
    ring.append('pty', bytes('three\n'), 250);
    pump.subscribe(['web.1']);
    vi.runOnlyPendingTimers();
    expect(sent).toMatchObject([{ offset: 0, arrivals: [0, 100, 8, 250] }]);
  });

  it('says which batch is the first since the subscribe, and a replay carries the same times', () => {
    const { ring, pump, sent } = setup();
    ring.append('pty', bytes('a\n'), 10);
    pump.subscribe(['web.1']);
    vi.runOnlyPendingTimers();
    ring.append('pty', bytes('b\n'), 20);
    pump.notify('web.1');
    vi.runOnlyPendingTimers();
    pump.unsubscribe(['web.1']);
    pump.subscribe(['web.1']);
    vi.runOnlyPendingTimers();
    expect(sent.map((b) => [b.offset, b.first, b.arrivals])).toEqual([
      [0, true, [0, 10]],
      [2, false, [2, 20]],
      [0, true, [0, 10, 2, 20]],
    ]);
  });

  it('marks a run of one stream apart from the next (pipe instances)', () => {
    const { ring, pump, sent } = setup();
    ring.append('stdout', bytes('out\n'), 1);
    ring.append('stderr', bytes('err\n'), 2);
    pump.subscribe(['web.1']);
    vi.runOnlyPendingTimers();
    expect(sent.map((b) => [b.stream, b.arrivals, b.first])).toEqual([
      ['stdout', [0, 1], true],
      ['stderr', [4, 2], false],
    ]);
  });
});
