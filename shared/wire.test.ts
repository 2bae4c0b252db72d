/**
 * Both halves of the WebSocket wire format: what the host encodes, the renderer decodes,
 * byte for byte; malformed frames and messages are dropped, never thrown on.
 */
import { describe, expect, it } from 'vitest';
import type { OutputBatch } from './contract';
import {
  decodeOutputFrame,
  encodeOutputFrame,
  FIRST_BATCH,
  FRAME_OUTPUT,
  OUTPUT_FRAME_HEADER,
  parseClientMessage,
  parseServerMessage,
} from './wire';

/** A frame built by hand from the layout in wire.ts (not by the encoder under test); `marks` relative to `offset`. */
function frame(
  id: string,
  offset: number,
  data: string,
  stream = 0,
  type = FRAME_OUTPUT,
  marks: readonly [number, number][] = data ? [[0, 1000]] : [],
): ArrayBuffer {
  const idBytes = new TextEncoder().encode(id);
  const body = new TextEncoder().encode(data);
  const dataAt = OUTPUT_FRAME_HEADER + idBytes.length + 12 * marks.length;
  const buffer = new ArrayBuffer(dataAt + body.length);
  const view = new DataView(buffer);
  view.setUint8(0, type);
  view.setUint8(1, stream);
  view.setUint16(2, idBytes.length);
  view.setFloat64(4, offset);
  view.setUint32(12, marks.length);
  new Uint8Array(buffer).set(idBytes, OUTPUT_FRAME_HEADER);
  marks.forEach(([at, time], i) => {
    view.setUint32(OUTPUT_FRAME_HEADER + idBytes.length + 12 * i, at);
    view.setFloat64(OUTPUT_FRAME_HEADER + idBytes.length + 12 * i + 4, time);
  });
  new Uint8Array(buffer).set(body, dataAt);
  return buffer;
}

/** A batch as the pump sends it: all its bytes arrived at 1000 (none: an empty batch). */
function batchOf(
  instance: OutputBatch['instance'],
  offset: number,
  stream: OutputBatch['stream'],
  data: Uint8Array,
): OutputBatch {
  return { instance, offset, stream, data, arrivals: data.byteLength > 0 ? [offset, 1000] : [], first: false };
}

function bufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

describe('encodeOutputFrame', () => {
  it('writes the layout of wire.ts, byte for byte', () => {
    const data = new TextEncoder().encode('héllo\r\n');
    expect(Array.from(encodeOutputFrame(batchOf('web.2', 123456789, 'stderr', data)))).toEqual(
      Array.from(new Uint8Array(frame('web.2', 123456789, 'héllo\r\n', 2))),
    );
  });

  it.each([
    ['pty', 'web.1', 0, 'hello\r\n'],
    ['stderr', 'worker.12', 2 ** 40, 'Malmö 🚀\n'],
    ['stdout', 'a-b_c.3', 7, ''],
  ] as const)('a %s batch of %s at %d round-trips', (stream, instance, offset, text) => {
    const batch = batchOf(instance, offset, stream, new TextEncoder().encode(text));
    const decoded = decodeOutputFrame(bufferOf(encodeOutputFrame(batch)));
    expect(decoded).toMatchObject({ instance, offset, stream, arrivals: batch.arrivals, first: false });
    expect(Array.from(decoded?.data ?? [])).toEqual(Array.from(batch.data));
  });

  it('carries every arrival mark, and whether the batch is a subscription’s first', () => {
    const batch: OutputBatch = {
      instance: 'web.1',
      offset: 2 ** 33,
      stream: 'pty',
      data: new TextEncoder().encode('one\ntwo\nthree\n'),
      arrivals: [2 ** 33, 1_706_709_807_512, 2 ** 33 + 4, 1_706_709_807_513, 2 ** 33 + 8, 1_706_709_809_000],
      first: true,
    };
    const decoded = decodeOutputFrame(bufferOf(encodeOutputFrame(batch)));
    expect(decoded).toMatchObject({ arrivals: batch.arrivals, first: true, stream: 'pty', offset: 2 ** 33 });
    expect(new TextDecoder().decode(decoded?.data)).toBe('one\ntwo\nthree\n');
  });

  it('carries bytes that are not UTF-8 unchanged', () => {
    const data = new Uint8Array([0, 0x88, 0xff, 0x0a]);
    const decoded = decodeOutputFrame(bufferOf(encodeOutputFrame(batchOf('bin.1', 123, 'stdout', data))));
    expect(Array.from(decoded?.data ?? [])).toEqual([0, 0x88, 0xff, 0x0a]);
  });
});

describe('decodeOutputFrame', () => {
  it('reads the instance, stream, offset and data (a view, not a copy)', () => {
    const buffer = frame('web.2', 123456789, 'héllo\r\n', 2);
    const batch = decodeOutputFrame(buffer);
    expect(batch).toMatchObject({
      instance: 'web.2',
      offset: 123456789,
      stream: 'stderr',
      arrivals: [123456789, 1000],
      first: false,
    });
    expect(new TextDecoder().decode(batch?.data)).toBe('héllo\r\n');
    expect(batch?.data.buffer).toBe(buffer);
  });

  it('accepts an empty batch', () => {
    expect(decodeOutputFrame(frame('worker.10', 0, ''))?.data.byteLength).toBe(0);
  });

  it.each([
    ['a short frame', new ArrayBuffer(5)],
    ['another frame type', frame('web.1', 0, 'x', 0, 9)],
    ['an unknown stream', frame('web.1', 0, 'x', 7)],
    ['an id that is not an instance', frame('web', 0, 'x')],
    ['an id that is not ASCII', frame('wéb.1', 0, 'x')],
    ['an id longer than any instance id', frame(`${'w'.repeat(300)}.1`, 0, 'x')],
    ['a negative offset', frame('web.1', -1, 'x')],
    ['a fractional offset', frame('web.1', 1.5, 'x')],
    ['data without an arrival mark', frame('web.1', 0, 'x', 0, FRAME_OUTPUT, [])],
    ['a first mark past the first byte', frame('web.1', 0, 'xy', 0, FRAME_OUTPUT, [[1, 5]])],
    [
      'marks out of order',
      frame('web.1', 0, 'xyz', 0, FRAME_OUTPUT, [
        [0, 5],
        [2, 6],
        [1, 7],
      ]),
    ],
    [
      'a mark past the data',
      frame('web.1', 0, 'xy', 0, FRAME_OUTPUT, [
        [0, 5],
        [2, 6],
      ]),
    ],
    ['a time that is not a time', frame('web.1', 0, 'x', 0, FRAME_OUTPUT, [[0, Number.NaN]])],
  ])('drops %s', (_what, buffer) => {
    expect(decodeOutputFrame(buffer)).toBeNull();
  });

  it('reads the first-batch flag beside the stream', () => {
    expect(decodeOutputFrame(frame('web.1', 0, 'x', 2 | FIRST_BATCH))).toMatchObject({ stream: 'stderr', first: true });
  });

  it('drops a frame whose marks run past the end', () => {
    const buffer = frame('web.1', 0, 'x');
    new DataView(buffer).setUint32(12, 2 ** 31);
    expect(decodeOutputFrame(buffer)).toBeNull();
  });

  it('drops a frame whose id length runs past the end', () => {
    const buffer = frame('web.1', 0, '');
    new DataView(buffer).setUint16(2, 500);
    expect(decodeOutputFrame(buffer)).toBeNull();
  });
});

describe('parseClientMessage', () => {
  it.each([
    ['a call', '{"id":3,"call":"app.info","params":{}}', { kind: 'call', id: 3, name: 'app.info', params: {} }],
    [
      'a call without params',
      '{"id":4,"call":"app.info"}',
      { kind: 'call', id: 4, name: 'app.info', params: undefined },
    ],
    [
      'a notification',
      '{"notify":"output.ack","params":{"instance":"web.1","bytes":5}}',
      { kind: 'notification', name: 'output.ack', params: { instance: 'web.1', bytes: 5 } },
    ],
    ['not JSON', '{"id":', null],
    ['an array', '[1,2]', null],
    ['a string', '"x"', null],
    ['null', 'null', null],
    ['no id', '{"call":"app.info"}', null],
    ['a string id', '{"id":"1","call":"app.info"}', null],
    ['a fractional id', '{"id":1.5,"call":"app.info"}', null],
    ['an unsafe id', '{"id":9007199254740993,"call":"app.info"}', null],
    // An id makes it a call: a reply is owed, never silently skipped.
    [
      'a notification with an id',
      '{"id":7,"notify":"output.ack","params":{}}',
      { kind: 'call', id: 7, name: undefined, params: {} },
    ],
  ])('%s', (_what, text, expected) => {
    expect(parseClientMessage(text)).toEqual(expected);
  });
});

describe('parseServerMessage', () => {
  it.each([
    [
      'a reply',
      '{"id":3,"result":{"ok":true,"value":null}}',
      { kind: 'reply', id: 3, result: { ok: true, value: null } },
    ],
    [
      'an event',
      '{"event":"notice","payload":{"level":"info","message":"m","at":1}}',
      { kind: 'event', message: { event: 'notice', payload: { level: 'info', message: 'm', at: 1 } } },
    ],
    ['a reply without a result', '{"id":3}', null],
    ['a reply with a null result', '{"id":3,"result":null}', null],
    ['an event without a payload', '{"event":"notice"}', null],
    ['not JSON', 'nope', null],
    ['a number', '5', null],
  ])('%s', (_what, text, expected) => {
    expect(parseServerMessage(text)).toEqual(expected);
  });
});
