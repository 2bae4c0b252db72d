/**
 * The port ranges of the projects open right now, in every Procdeck host of this user (each
 * desktop window, each `procdeck serve`): one small file per open project in
 * `<state>/open-ports/`, written when the project opens and removed when it closes. A file
 * whose process is gone (a host that crashed) counts for nothing. Every file is read as
 * hostile: bounded in size and count, parsed with zod, skipped when it does not parse.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { LIMITS } from '../../../shared/contract';
import type { PortRange } from './port-ranges';

export interface OpenRange extends PortRange {
  /** The project's folder and name (the folder's last part). */
  readonly dir: string;
  readonly name: string;
  /** The host process that has it open. */
  readonly pid: number;
}

const entrySchema = z.strictObject({
  version: z.literal(1),
  dir: z.string().min(1).max(LIMITS.maxPathLength),
  name: z.string().max(LIMITS.maxNameLength),
  pid: z
    .int()
    .min(1)
    .max(2 ** 22),
  from: z.int().min(1).max(65535),
  to: z.int().min(1).max(65535),
});

const MAX_FILE_BYTES = 16 * 1024;
/** More open projects than this are not read (a folder flooded by something else). */
const MAX_FILES = 500;

let claims = 0;

/** A claim of this process on a range; `release` removes its file (idempotent). */
export interface RangeClaim {
  readonly file: string;
  release(): void;
}

/** Writes this project's range; null when the folder cannot be written (the check is then skipped, never fatal). */
export function claimRange(folder: string, range: Omit<OpenRange, 'pid'>): RangeClaim | null {
  const file = join(folder, `${process.pid}-${++claims}.json`);
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify({ version: 1, pid: process.pid, ...range }), { mode: 0o600 });
  } catch {
    return null;
  }
  let released = false;
  return {
    file,
    release() {
      if (released) return;
      released = true;
      rmSync(file, { force: true });
    },
  };
}

/** Every open project's range but the files in `except`, from live processes only. */
export function openRanges(folder: string, except: ReadonlySet<string> = new Set()): OpenRange[] {
  let names: string[];
  try {
    names = readdirSync(folder).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const out: OpenRange[] = [];
  for (const name of names.slice(0, MAX_FILES)) {
    const file = join(folder, name);
    if (except.has(file)) continue;
    const entry = readEntry(file);
    if (entry && isAlive(entry.pid)) out.push(entry);
  }
  return out;
}

function readEntry(file: string): OpenRange | null {
  try {
    const text = readFileSync(file, 'utf8');
    if (text.length > MAX_FILE_BYTES) return null;
    const parsed = entrySchema.safeParse(JSON.parse(text));
    if (!parsed.success || parsed.data.to < parsed.data.from) return null;
    const { version: _version, ...entry } = parsed.data;
    return entry;
  } catch {
    return null; // gone meanwhile, unreadable, or not JSON
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}
