import { describe, expect, it } from 'vitest';
import { AckCounter } from './ack-counter';

function counter(step = 100) {
  const sent: [string, number][] = [];
  return { acks: new AckCounter((id, bytes) => sent.push([id, bytes]), step), sent };
}

describe('AckCounter', () => {
  it('acks a lone write as soon as it is done', () => {
    const { acks, sent } = counter();
    acks.begin('web.1');
    acks.end('web.1', 10);
    expect(sent).toEqual([['web.1', 10]]);
  });

  it('holds small acks while writes are in flight, and sends them when the last one ends', () => {
    const { acks, sent } = counter();
    acks.begin('web.1');
    acks.begin('web.1');
    acks.begin('web.1');
    acks.end('web.1', 10);
    acks.end('web.1', 20);
    expect(sent).toEqual([]);
    acks.end('web.1', 30);
    expect(sent).toEqual([['web.1', 60]]);
  });

  it('sends once a step has piled up, even with writes still in flight', () => {
    const { acks, sent } = counter(100);
    for (let i = 0; i < 5; i++) acks.begin('web.1');
    acks.end('web.1', 60);
    acks.end('web.1', 60);
    expect(sent).toEqual([['web.1', 120]]);
    acks.end('web.1', 1);
    acks.end('web.1', 1);
    acks.end('web.1', 1);
    expect(sent).toEqual([
      ['web.1', 120],
      ['web.1', 3],
    ]);
  });

  it('keeps instances apart', () => {
    const { acks, sent } = counter();
    acks.begin('web.1');
    acks.begin('worker.1');
    acks.end('worker.1', 5);
    expect(sent).toEqual([['worker.1', 5]]);
    expect(acks.pendingOf('web.1')).toEqual({ bytes: 0, writes: 1 });
  });

  it('ignores ends after a reset (a new connection has fresh credit)', () => {
    const { acks, sent } = counter();
    acks.begin('web.1');
    acks.reset();
    acks.end('web.1', 50);
    expect(sent).toEqual([]);
  });
});

describe('AckCounter batches', () => {
  it('acks a batch once its last write is done', () => {
    const { acks, sent } = counter();
    const done = acks.batch('web.1', 30, 2);
    done();
    expect(sent).toEqual([]);
    done();
    expect(sent).toEqual([['web.1', 30]]);
  });

  it('acks a batch with nothing to write at once', () => {
    const { acks, sent } = counter();
    acks.batch('web.1', 30, 0)();
    expect(sent).toEqual([['web.1', 30]]);
  });

  it('never acks a batch whose writes end after a reset', () => {
    const { acks, sent } = counter();
    const done = acks.batch('web.1', 30, 1);
    acks.reset();
    done();
    expect(sent).toEqual([]);
    expect(acks.pendingOf('web.1')).toEqual({ bytes: 0, writes: 0 });
  });
});
