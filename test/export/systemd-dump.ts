/**
 * systemd's own parse of exported units: the user manager in test mode (`systemd --test
 * --user`, as `nobody`, which starts nothing) prints every unit as it loaded it.
 */
import { chmodSync, chownSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './export-fixture';

/** Runs the user manager's dry run over the units in `dir`, starting from `unit`; `root` holds a private home. */
export async function systemdTest(
  root: string,
  dir: string,
  unit: string,
): Promise<{ stdout: string; stderr: string }> {
  const home = join(root, 'home');
  mkdirSync(home, { recursive: true });
  chownSync(home, 65534, 65534);
  chmodSync(root, 0o755);
  chmodSync(dir, 0o755);
  // A user manager refuses to run as root; `nobody` parses the units and starts nothing.
  return run(
    'runuser',
    [
      '-u',
      'nobody',
      '--',
      'env',
      '-i',
      `HOME=${home}`,
      `XDG_RUNTIME_DIR=${home}`,
      `SYSTEMD_UNIT_PATH=${dir}:`,
      '/lib/systemd/systemd',
      '--test',
      '--user',
      `--unit=${unit}`,
      '--no-pager',
      '--log-target=console',
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
}

export interface DumpedUnit {
  /** The last value of each setting. */
  readonly settings: Map<string, string>;
  /** Every value of settings printed more than once (`After:`, `Requires:`), with their origin. */
  readonly lists: Map<string, string[]>;
  readonly environment: Record<string, string>;
  commandLine: string | null;
}

/** `systemd --test` prints `-> Unit NAME:` then `\t\tKey: value` lines; a value may span lines. */
export function parseDump(text: string): Map<string, DumpedUnit> {
  const units = new Map<string, DumpedUnit>();
  let unit: DumpedUnit | null = null;
  let lastEnv: string | null = null;
  for (const line of text.split('\n')) {
    const head = /^\t-> Unit (.+):$/.exec(line);
    if (head) {
      unit = { settings: new Map(), lists: new Map(), environment: {}, commandLine: null };
      units.set(head[1] as string, unit);
      lastEnv = null;
      continue;
    }
    if (!unit) continue;
    const env = /^\t\tEnvironment: ([^=]+)=(.*)$/.exec(line);
    const setting = /^\t\t([A-Za-z][A-Za-z ]*): (.*)$/.exec(line);
    const command = /^\t\t\tCommand Line: (.*)$/.exec(line);
    if (env) {
      lastEnv = env[1] as string;
      unit.environment[lastEnv] = env[2] as string;
    } else if (command) {
      unit.commandLine = command[1] as string;
      lastEnv = null;
    } else if (setting) {
      const key = setting[1] as string;
      unit.settings.set(key, setting[2] as string);
      unit.lists.set(key, [...(unit.lists.get(key) ?? []), setting[2] as string]);
      lastEnv = null;
    } else if (lastEnv !== null && !line.startsWith('\t')) {
      unit.environment[lastEnv] += `\n${line}`;
    } else {
      lastEnv = null;
    }
  }
  return units;
}

/** Splits systemd's printed command line (shell-quoted) into words with /bin/sh itself. */
export async function shellWords(line: string): Promise<string[]> {
  const { stdout } = await run('/bin/sh', ['-c', 'eval "set -- $1"; printf "%s\\0" "$@"', 'sh', line]);
  return stdout.split('\0').slice(0, -1);
}
