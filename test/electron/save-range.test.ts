/**
 * Save range… in the desktop app, over the fake Electron objects and a real formation: the
 * host reads the lines of a time range from its buffer (with the arrival times the
 * timestamps show) and writes them, or a terminal's selection, to the file picked in the
 * native save dialog (FakeDialogs); cancelling writes nothing; a path that is not
 * absolute is refused. The web view's download is covered by test/e2e/timestamps.spec.ts.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallResult, OutputRange, SavedRange } from '../../shared/contract';
import { rangeFileText } from '../../shared/range-file';
import { createHarness, type FakeWindow, type Harness } from './fakes';

let h: Harness;
const roots: string[] = [];
afterEach(async () => {
  await h?.dispose();
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function tempFolder(): string {
  const root = mkdtempSync(join(tmpdir(), 'procdeck-save-range-'));
  roots.push(root);
  return root;
}

async function answer<T>(call: Promise<unknown>): Promise<CallResult<T>> {
  return (await call) as CallResult<T>;
}

async function value<T>(call: Promise<unknown>): Promise<T> {
  const result = await answer<T>(call);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** A formation whose web.1 prints two lines, waits, prints a third, and stays up. */
async function openProject(): Promise<FakeWindow> {
  const dir = tempFolder();
  writeFileSync(join(dir, 'Procfile'), "web: printf 'one\\ntwo\\n'; sleep 0.3; printf 'three\\n'; exec sleep 100\n");
  h = createHarness({ graceMs: 1000 });
  await h.shell.openProject({ dir });
  return h.windowOf(dir);
}

/** Every buffered line of web.1, once all three have come. */
async function allLines(win: FakeWindow): Promise<OutputRange> {
  let range: OutputRange = { lines: [], clipped: false, heldSince: null };
  const read = async () => {
    range = await value<OutputRange>(
      h.call(win, 'output.range', { instances: ['web.1'], from: 0, to: Number.MAX_SAFE_INTEGER }),
    );
  };
  const deadline = Date.now() + 8000;
  for (await read(); range.lines.length < 3 && Date.now() < deadline; await read())
    await new Promise((r) => setTimeout(r, 20));
  return range;
}

describe('Save range… in the desktop app', () => {
  it('says it saves files itself, and writes a time range’s lines with their arrival times where the user picks', async () => {
    const win = await openProject();
    expect(await value(h.call(win, 'app.info', {}))).toMatchObject({ kind: 'electron', canSaveFile: true });
    const all = await allLines(win);
    expect(all.lines.map((l) => l.text)).toEqual(['one', 'two', 'three']);
    const [one, , three] = all.lines;
    // The sleep between the printfs: the third line arrived later than the first.
    expect(three && one && three.at - one.at).toBeGreaterThanOrEqual(200);

    const file = join(tempFolder(), 'range.txt');
    h.dialogs.saveFiles = [file];
    const query = { instances: ['web.1'], from: three?.at ?? 0, to: Date.now() };
    const saved = await value<SavedRange>(h.call(win, 'output.saveRange', { kind: 'time', view: 'web.1', ...query }));

    expect(saved).toEqual({ kind: 'saved', path: file, lines: 1, clipped: false });
    expect(readFileSync(file, 'utf8')).toBe(rangeFileText(all.lines.slice(2), 'web.1'));
    expect(h.dialogs.offeredNames[0]).toMatch(/^procdeck-web\.1-\d{8}-\d{6}\.txt$/);
  });

  it('writes a selection as given, and nothing when the dialog is cancelled', async () => {
    const win = await openProject();
    const file = join(tempFolder(), 'selection.txt');
    h.dialogs.saveFiles = [file, null];
    const text = '12:00:00.000 one\n12:00:00.001 two';
    expect(await value(h.call(win, 'output.saveRange', { kind: 'selection', view: 'merged', text }))).toEqual({
      kind: 'saved',
      path: file,
      lines: 2,
      clipped: false,
    });
    expect(readFileSync(file, 'utf8')).toBe(`${text}\n`);
    expect(h.dialogs.offeredNames[0]).toMatch(/^procdeck-all-output-/);
    expect(await value(h.call(win, 'output.saveRange', { kind: 'selection', view: 'merged', text }))).toEqual({
      kind: 'cancelled',
    });
  });

  it('refuses a path that is not absolute, and writes nothing there', async () => {
    const win = await openProject();
    h.dialogs.saveFiles = ['relative.txt'];
    const result = await answer(h.call(win, 'output.saveRange', { kind: 'selection', view: 'web.1', text: 'x' }));
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringContaining('absolute path') } });
    expect(existsSync('relative.txt')).toBe(false);
  });

  it('checks the request at the contract’s door: a range backwards, an unknown view, a selection too big', async () => {
    const win = await openProject();
    const refused = async (params: unknown) => (await answer(h.call(win, 'output.saveRange', params))).ok;
    expect(await refused({ kind: 'time', view: 'web.1', instances: ['web.1'], from: 10, to: 5 })).toBe(false);
    expect(await refused({ kind: 'time', view: '../etc', instances: ['web.1'], from: 0, to: 5 })).toBe(false);
    expect(await refused({ kind: 'time', view: 'web.1', instances: [], from: 0, to: 5 })).toBe(false);
    expect(await refused({ kind: 'selection', view: 'web.1', text: 'x'.repeat(300 * 1024) })).toBe(false);
    expect(await refused({ kind: 'selection', view: 'web.1', text: 'x', path: '/tmp/x' })).toBe(false);
    expect(h.dialogs.offeredNames).toEqual([]);
  });
});
