/**
 * The two halves of the WebSocket wire format (shared/wire.ts) agree: what the serve host
 * encodes, the renderer decodes, byte for byte.
 */
import { describe, expect, it } from 'vitest';
import { encodeOutputFrame } from '../../electron/cli/serve/websocket-host';
import { decodeOutputFrame } from '../../renderer/bridge/output-frame';

describe('output frames', () => {
  it.each([
    ['pty', 'web.1', 0, Buffer.from('hello\r\n')],
    ['stderr', 'worker.12', 2 ** 40, Buffer.from('Malmö 🚀\n')],
    ['stdout', 'a-b_c.3', 7, Buffer.alloc(0)],
    ['stdout', 'bin.1', 123, Buffer.from([0, 0x88, 0xff, 0x0a])],
  ] as const)('a %s batch of %s at %d round-trips', (stream, instance, offset, data) => {
    const frame = encodeOutputFrame({ instance, offset, stream, data });
    const decoded = decodeOutputFrame(frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.byteLength) as ArrayBuffer);
    expect(decoded).toMatchObject({ instance, offset, stream });
    expect(Buffer.from(decoded?.data ?? [])).toEqual(data);
  });
});
