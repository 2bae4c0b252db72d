/**
 * How much input node-pty still holds for a terminal whose child is not reading.
 *
 * node-pty (1.x, unix) queues each write in its CustomWriteStream (`_writeStream._writeQueue`,
 * entries `{ buffer, offset }`) and retries on EAGAIN; it exposes no public count and no
 * flush callback. Reading the private queue is the only honest measure, so it is parsed
 * defensively: any other shape counts as 0 (the bound then rests on the call-size limit).
 */
export function ptyPendingInput(term: object): number {
  const stream: unknown = Reflect.get(term, '_writeStream');
  if (typeof stream !== 'object' || stream === null) return 0;
  const queue: unknown = Reflect.get(stream, '_writeQueue');
  if (!Array.isArray(queue)) return 0;
  let pending = 0;
  for (const task of queue as unknown[]) {
    if (typeof task !== 'object' || task === null) continue;
    const buffer: unknown = Reflect.get(task, 'buffer');
    const offset: unknown = Reflect.get(task, 'offset');
    if (buffer instanceof Uint8Array) pending += buffer.length - (typeof offset === 'number' ? offset : 0);
  }
  return pending;
}
