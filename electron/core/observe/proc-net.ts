/**
 * /proc/net/tcp and /proc/net/tcp6, parsed: the sockets in LISTEN state and their inodes.
 * Pure, so every address form is table-tested without a kernel.
 */

export interface ListenEntry {
  readonly address: string;
  readonly port: number;
  readonly inode: number;
}

/** The kernel's code for TCP_LISTEN in the `st` column. */
const LISTEN = '0A';

/** Every LISTEN row of one /proc/net/tcp or tcp6 file (the header line and anything malformed skipped). */
export function parseProcNetTcp(text: string): ListenEntry[] {
  const out: ListenEntry[] = [];
  for (const line of text.split('\n')) {
    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10 || fields[3] !== LISTEN) continue;
    const local = fields[1] ?? '';
    const colon = local.lastIndexOf(':');
    if (colon <= 0) continue;
    const address = hexAddress(local.slice(0, colon));
    const port = parseInt(local.slice(colon + 1), 16);
    const inode = Number(fields[9]);
    if (address === null || !Number.isInteger(port) || !Number.isInteger(inode)) continue;
    out.push({ address, port, inode });
  }
  return out;
}

/**
 * The kernel writes addresses as 32-bit words in host byte order: IPv4 `0100007F` is
 * 127.0.0.1 (bytes reversed on little-endian machines), IPv6 is four such words.
 */
export function hexAddress(hex: string, littleEndian = isLittleEndian()): string | null {
  if (!/^[0-9A-Fa-f]+$/.test(hex) || (hex.length !== 8 && hex.length !== 32)) return null;
  const bytes: number[] = [];
  for (let word = 0; word < hex.length; word += 8) {
    const b = [0, 2, 4, 6].map((i) => parseInt(hex.slice(word + i, word + i + 2), 16));
    bytes.push(...(littleEndian ? b.reverse() : b));
  }
  if (bytes.length === 4) return bytes.join('.');
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return `::ffff:${bytes.slice(12).join('.')}`; // an IPv4-mapped address
  }
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return compressIpv6(groups);
}

/** RFC 5952: the longest run of zero groups (two or more) becomes `::`. */
function compressIpv6(groups: readonly string[]): string {
  let best = { at: -1, length: 0 };
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > best.length) best = { at: i, length: j - i };
    i = j;
  }
  if (best.length < 2) return groups.join(':');
  const head = groups.slice(0, best.at).join(':');
  const tail = groups.slice(best.at + best.length).join(':');
  return `${head}::${tail}`;
}

function isLittleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

/** The inode of an fd link target `socket:[12345]`, or null for anything else. */
export function socketInode(link: string): number | null {
  const m = /^socket:\[(\d+)\]$/.exec(link);
  return m ? Number(m[1]) : null;
}
