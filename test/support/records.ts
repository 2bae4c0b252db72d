/**
 * Checks "nothing lost": every record of a stream exactly once, in order, intact.
 */
import { crc32 } from 'node:zlib';

export interface RecordCheck {
  readonly count: number;
  readonly problems: string[];
}

/** Records `<tag>:<stream>:<seq>:<crc>` (records.mjs) in `bytes`, for one tag and stream. */
export function checkRecords(bytes: Buffer, tag: string, stream: string, expected: number): RecordCheck {
  const problems: string[] = [];
  let next = 1;
  let count = 0;
  const prefix = `${tag}:${stream}:`;
  for (const line of bytes.toString('latin1').split(/\r?\n/)) {
    if (line === '') continue;
    if (!line.startsWith(prefix)) {
      if (problems.length < 5) problems.push(`foreign line ${JSON.stringify(line.slice(0, 80))}`);
      continue;
    }
    const [seqText, crc] = line.slice(prefix.length).split(':');
    const body = `${prefix}${seqText}`;
    if (crc32(body).toString(16) !== crc && problems.length < 5) problems.push(`bad checksum at ${body}`);
    if (Number(seqText) !== next && problems.length < 5) problems.push(`expected ${next}, got ${seqText}`);
    next = Number(seqText) + 1;
    count++;
  }
  if (count !== expected) problems.push(`${count} records instead of ${expected}`);
  return { count, problems };
}

/** Records of big-records.mjs: `<tag>:<seq>:<padding>:<crc>`; streaming-friendly. */
export function checkBigRecords(bytes: Buffer, tag: string, expected: number): RecordCheck {
  const problems: string[] = [];
  let next = 1;
  let count = 0;
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(10, start);
    if (end < 0) end = bytes.length;
    let lineEnd = end;
    if (lineEnd > start && bytes[lineEnd - 1] === 13) lineEnd--;
    if (lineEnd > start) {
      const line = bytes.subarray(start, lineEnd);
      const lastColon = line.lastIndexOf(58);
      const body = line.subarray(0, lastColon);
      const firstColon = body.indexOf(58);
      const secondColon = body.indexOf(58, firstColon + 1);
      const seq = Number(body.subarray(firstColon + 1, secondColon).toString('latin1'));
      if (body.subarray(0, firstColon).toString('latin1') !== tag && problems.length < 5)
        problems.push(`foreign record at ${start}`);
      if (
        crc32(body).toString(16).padStart(8, '0') !== line.subarray(lastColon + 1).toString('latin1') &&
        problems.length < 5
      ) {
        problems.push(`bad checksum at record ${seq}`);
      }
      if (seq !== next && problems.length < 5) problems.push(`expected record ${next}, got ${seq}`);
      next = seq + 1;
      count++;
    }
    start = end + 1;
  }
  if (count !== expected) problems.push(`${count} records instead of ${expected}`);
  return { count, problems };
}
