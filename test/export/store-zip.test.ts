/**
 * The export dialog's zip, read back by Python's zipfile (an independent reader).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { crc32, storeZip } from '../../renderer/ui/store-zip';

describe('storeZip', () => {
  it('computes the zip CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });

  it('writes an archive zipfile reads back byte for byte, UTF-8 names included', () => {
    const files = [
      { path: 'app-systemd/app.target', text: '[Unit]\nDescription=app\n' },
      { path: 'app-systemd/héllo ✓.service', text: 'Environment="U=日本語 🎉"\n' },
      { path: 'app-systemd/empty', text: '' },
    ];
    const dir = mkdtempSync(join(tmpdir(), 'procdeck-zip-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const zip = join(dir, 'export.zip');
    writeFileSync(zip, storeZip(files, new Date(2026, 11, 1, 12, 30, 10)));
    const script =
      'import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps([[i.filename, z.read(i).decode("utf-8"), i.date_time[:6]] for i in z.infolist()]))';
    const listed = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, zip], { encoding: 'utf8' })) as [
      string,
      string,
      number[],
    ][];
    expect(listed.map(([name, text]) => ({ path: name, text }))).toEqual(files);
    expect(listed[0]?.[2]).toEqual([2026, 12, 1, 12, 30, 10]);
  });
});
