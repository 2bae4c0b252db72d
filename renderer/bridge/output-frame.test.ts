import { describe, expect, it } from 'vitest';
import { FRAME_OUTPUT, OUTPUT_FRAME_HEADER } from '../../shared/wire';
import { decodeOutputFrame } from './output-frame';

/** Builds a frame the way the host does (electron/cli/serve/websocket-host.ts). */
function frame(id: string, offset: number, data: string, stream = 0, type = FRAME_OUTPUT): ArrayBuffer {
  const idBytes = new TextEncoder().encode(id);
  const body = new TextEncoder().encode(data);
  const buffer = new ArrayBuffer(OUTPUT_FRAME_HEADER + idBytes.length + body.length);
  const view = new DataView(buffer);
  view.setUint8(0, type);
  view.setUint8(1, stream);
  view.setUint16(2, idBytes.length);
  view.setFloat64(4, offset);
  new Uint8Array(buffer).set(idBytes, OUTPUT_FRAME_HEADER);
  new Uint8Array(buffer).set(body, OUTPUT_FRAME_HEADER + idBytes.length);
  return buffer;
}

describe('decodeOutputFrame', () => {
  it('reads the instance, stream, offset and data (a view, not a copy)', () => {
    const buffer = frame('web.2', 123456789, 'héllo\r\n', 2);
    const batch = decodeOutputFrame(buffer);
    expect(batch).toMatchObject({ instance: 'web.2', offset: 123456789, stream: 'stderr' });
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
    ['a negative offset', frame('web.1', -1, 'x')],
    ['a fractional offset', frame('web.1', 1.5, 'x')],
  ])('drops %s', (_what, buffer) => {
    expect(decodeOutputFrame(buffer)).toBeNull();
  });

  it('drops a frame whose id length runs past the end', () => {
    const buffer = frame('web.1', 0, '');
    new DataView(buffer).setUint16(2, 500);
    expect(decodeOutputFrame(buffer)).toBeNull();
  });
});
