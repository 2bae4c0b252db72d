import { describe, expect, it } from 'vitest';
import { hexAddress, parseProcNetTcp, socketInode } from './proc-net';

describe('hexAddress', () => {
  it.each([
    ['0100007F', true, '127.0.0.1'],
    ['00000000', true, '0.0.0.0'],
    ['7F000001', false, '127.0.0.1'],
    ['0100A8C0', true, '192.168.0.1'],
    ['00000000000000000000000000000000', true, '::'],
    ['00000000000000000000000001000000', true, '::1'],
    ['0000000000000000FFFF00000100007F', true, '::ffff:127.0.0.1'],
    ['B80D0120000000000000000001000000', true, '2001:db8::1'],
    ['000080FE000000000000000001000000', true, 'fe80::1'],
    ['zz00007F', true, null],
    ['0100007', true, null],
  ])('%s (little-endian %s) is %s', (hex, little, expected) => {
    expect(hexAddress(hex, little)).toBe(expected);
  });
});

describe('parseProcNetTcp', () => {
  it('keeps only LISTEN rows, with address, port and inode', () => {
    const text = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:1388 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 41234 1 0000000000000000 100 0 0 10 0',
      '   1: 0100007F:1388 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 41299 1 0000000000000000 20 4 30 10 -1',
      '   2: 00000000:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 51000 1 0000000000000000 100 0 0 10 0',
      'garbage',
      '',
    ].join('\n');
    expect(parseProcNetTcp(text)).toEqual([
      { address: hexAddress('0100007F'), port: 5000, inode: 41234 },
      { address: '0.0.0.0', port: 3000, inode: 51000 },
    ]);
  });
});

describe('socketInode', () => {
  it.each([
    ['socket:[41234]', 41234],
    ['pipe:[41234]', null],
    ['/dev/null', null],
    ['socket:[]', null],
  ])('%s -> %s', (link, inode) => {
    expect(socketInode(link)).toBe(inode);
  });
});
