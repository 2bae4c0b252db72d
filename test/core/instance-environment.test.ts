/**
 * An instance's environment through the host, with a real project and a real child that
 * prints what it got: the view's variables are exactly the child's, each with its origin;
 * an edited `.env` shows as a change until a restart; `editor.open` stays inside the project.
 */
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallName, CallParams, CallResultValue } from '../../shared/contract';
import type { EditorTarget } from '../../electron/host/editor/editor-command';
import type { ProjectHost } from '../../electron/host/project-host';
import { testHost } from '../support/host';

const dir = mkdtempSync(join(tmpdir(), 'procdeck-envview-'));
const opened: EditorTarget[] = [];
let host: ProjectHost;
const client = { send: () => undefined };

async function call<K extends CallName>(name: K, params: CallParams<K>): Promise<CallResultValue<K>> {
  const answer = await host.dispatch(client, name, params);
  if (!answer.ok) throw new Error(`${name}: ${answer.error.code}: ${answer.error.message}`);
  return answer.value as CallResultValue<K>;
}

async function refusal<K extends CallName>(name: K, params: CallParams<K>): Promise<string> {
  const answer = await host.dispatch(client, name, params);
  if (answer.ok) throw new Error(`${name} was not refused`);
  return `${answer.error.code}: ${answer.error.message}`;
}

/** What the child printed with `env`, as NAME -> value (every value here is one line). */
async function printedEnv(): Promise<Record<string, string>> {
  let text: string;
  for (;;) {
    text = (await call('output.read', { instance: 'web.1' })).text;
    if (text.includes('END-OF-ENV')) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const lines = text.slice(0, text.indexOf('END-OF-ENV')).split('\n').filter(Boolean);
  const env = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  // `sh -c` (which runs every Procfile command) sets PWD itself; Procdeck does not give it.
  delete env.PWD;
  return env;
}

beforeAll(async () => {
  writeFileSync(join(dir, 'Procfile'), 'web: env; echo END-OF-ENV; exec sleep 1000\n');
  writeFileSync(join(dir, '.env'), 'GREETING=hello\nSTRIPE_KEY=sk_test_1\nSHADOW=from-file\nGREETING=hi\n');
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'app.js'), 'throw new Error("x");\n');
  symlinkSync('/etc/hostname', join(dir, 'src', 'escape.txt'));
  host = testHost('pipe', {
    processEnv: { PATH: process.env.PATH ?? '', SHADOW: 'from-shell' },
    environmentSource: 'login-shell',
    openInEditor: async (target) => void opened.push(target),
  });
  host.attach(client);
  await host.openProject(dir, undefined);
});

afterAll(() => host.close());

describe('instance.environment', () => {
  it('lists exactly what the child got, sorted, each with its origin', async () => {
    const printed = await printedEnv();
    const env = await call('instance.environment', { instance: 'web.1' });
    expect(env.run).toBe(1);
    expect(Object.fromEntries(env.variables.map((v) => [v.name, v.value]))).toEqual(printed);
    expect(env.variables.map((v) => v.name)).toEqual(Object.keys(printed).sort());
    const origin = (name: string) => env.variables.find((v) => v.name === name);
    const dotenv = join(dir, '.env');
    expect(origin('GREETING')).toMatchObject({
      value: 'hi',
      origin: { kind: 'file', file: dotenv, line: 4 },
      overridden: [{ origin: { kind: 'file', file: dotenv, line: 1 }, value: 'hello' }],
    });
    expect(origin('SHADOW')).toMatchObject({
      value: 'from-shell',
      origin: { kind: 'environment', source: 'login-shell' },
      overridden: [{ origin: { kind: 'file', file: dotenv, line: 3 }, value: 'from-file' }],
    });
    expect(origin('PORT')?.origin).toEqual({ kind: 'procdeck', variable: 'port' });
    expect(origin('PS')).toMatchObject({ value: 'web.1', origin: { kind: 'procdeck', variable: 'instance-name' } });
    expect(origin('PROCDECK_TAG')?.origin).toEqual({ kind: 'procdeck', variable: 'marker' });
    expect(env.changed).toEqual([]);
  });

  it('flags an edited .env as what a restart would change, and a restart clears it', async () => {
    writeFileSync(join(dir, '.env'), 'GREETING=changed\nSTRIPE_KEY=sk_test_1\nSHADOW=from-file\n');
    await call('project.reload', {});
    const edited = await call('instance.environment', { instance: 'web.1' });
    expect(edited.variables.find((v) => v.name === 'GREETING')?.value).toBe('hi');
    expect(edited.changed).toEqual([{ name: 'GREETING', was: 'hi', now: 'changed' }]);

    await call('process.restart', { target: { scope: 'instance', instance: 'web.1' } });
    let after = await call('instance.environment', { instance: 'web.1' });
    while (after.run < 2) {
      await new Promise((r) => setTimeout(r, 25));
      after = await call('instance.environment', { instance: 'web.1' });
    }
    expect(after.changed).toEqual([]);
    expect(after.variables.find((v) => v.name === 'GREETING')?.value).toBe('changed');
    // An earlier run (the one a crash record names) keeps its own environment.
    const first = await call('instance.environment', { instance: 'web.1', run: 1 });
    expect(first.variables.find((v) => v.name === 'GREETING')?.value).toBe('hi');
    expect(await refusal('instance.environment', { instance: 'web.1', run: 99 })).toMatch(/^not-found: run #99/);
    expect(await refusal('instance.environment', { instance: 'web.9' })).toMatch(/^not-found/);
  });
});

describe('editor.open', () => {
  it('opens a project file at its line, by relative path, absolute path or file URL', async () => {
    const file = realpathSync(join(dir, 'src', 'app.js'));
    await call('editor.open', { path: 'src/app.js', line: 1, column: 7 });
    await call('editor.open', { path: join(dir, 'src', 'app.js') });
    await call('editor.open', { path: pathToFileURL(join(dir, 'src', 'app.js')).href, line: 3 });
    expect(opened).toEqual([
      { file, line: 1, column: 7 },
      { file, line: null, column: null },
      { file, line: 3, column: null },
    ]);
  });

  it.each([
    ['../outside.js', /^refused: no such file/],
    ['/etc/hostname', /^refused: only files inside the project/],
    ['src/escape.txt', /^refused: only files inside the project/],
    ['src', /^refused: not a file/],
    ['file://host/%zz', /^refused: /],
  ])('refuses %s', async (path, error) => {
    const before = opened.length;
    expect(await refusal('editor.open', { path })).toMatch(error);
    expect(opened.length).toBe(before);
  });
});
