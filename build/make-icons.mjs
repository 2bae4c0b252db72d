// Regenerates every app icon from build/icon.svg:
//   node build/make-icons.mjs
// Needs `rsvg-convert` (Debian/Ubuntu: apt-get install librsvg2-bin; macOS: brew install
// librsvg). The .ico and .icns containers are written here, from the PNGs (both formats
// embed PNG images), so no other tool is needed.
//
//   build/icons/NxN.png   Linux (AppImage, deb) and the window icon, 16…1024
//   build/icon.png        1024×1024
//   build/icon.ico        Windows: 16, 24, 32, 48, 64, 128, 256
//   build/icon.icns       macOS: 16…1024 with @2x variants
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUILD = fileURLToPath(new URL('.', import.meta.url));
const SOURCE = join(BUILD, 'icon.svg');
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

function render(size) {
  return execFileSync('rsvg-convert', ['--width', String(size), '--height', String(size), '--format', 'png', SOURCE]);
}

const png = new Map(SIZES.map((size) => [size, render(size)]));
mkdirSync(join(BUILD, 'icons'), { recursive: true });
for (const [size, data] of png) writeFileSync(join(BUILD, 'icons', `${size}x${size}.png`), data);
writeFileSync(join(BUILD, 'icon.png'), png.get(1024));
writeFileSync(join(BUILD, 'icon.ico'), ico([16, 24, 32, 48, 64, 128, 256].map((s) => [s, png.get(s)])));
writeFileSync(
  join(BUILD, 'icon.icns'),
  icns(
    [
      ['icp4', 16],
      ['icp5', 32],
      ['icp6', 64],
      ['ic07', 128],
      ['ic08', 256],
      ['ic09', 512],
      ['ic10', 1024],
      ['ic11', 32],
      ['ic12', 64],
      ['ic13', 512],
      ['ic14', 1024],
    ].map(([type, size]) => [type, png.get(size)]),
  ),
);
console.log(`icons written to ${BUILD}`);

/** ICONDIR + ICONDIRENTRYs + PNG images (Windows Vista and later read PNG entries). */
function ico(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(([size, data], i) => {
    const at = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, at);
    header.writeUInt8(size >= 256 ? 0 : size, at + 1);
    header.writeUInt8(0, at + 2);
    header.writeUInt8(0, at + 3);
    header.writeUInt16LE(1, at + 4);
    header.writeUInt16LE(32, at + 6);
    header.writeUInt32LE(data.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...images.map(([, data]) => data)]);
}

/** 'icns' + total length, then (type, length, PNG) elements. */
function icns(elements) {
  const parts = elements.map(([type, data]) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}
