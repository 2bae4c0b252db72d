/**
 * Procdeck's parsers against what the tools our users know do, on real Procfiles and on
 * the peers' own test cases (../shared/conformance). The data is not part of the repo:
 * where it is absent (a user's fresh clone) these tests are skipped, saying so.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandEnv, parseEnvText } from '../../electron/core/env/parse-env';
import { parseProcfile } from '../../electron/core/procfile/parse-procfile';
import { ROOT } from '../support/cli';

const DATA = join(ROOT, '..', 'shared', 'conformance');
const present = existsSync(join(DATA, 'procfiles', 'expected.json'));
const reason = `conformance data not found at ${DATA} (it lives outside the repo)`;

type Entries = [string, string][];

/** Foreman keeps duplicate names; Procdeck keeps the first and reports the rest as errors. */
function firstOccurrences(entries: Entries): { kept: Entries; duplicates: string[] } {
  const seen = new Set<string>();
  const kept: Entries = [];
  const duplicates: string[] = [];
  for (const [name, command] of entries) {
    if (seen.has(name)) duplicates.push(name);
    else {
      seen.add(name);
      kept.push([name, command]);
    }
  }
  return { kept, duplicates };
}

function checkAgainstForeman(text: string, foreman: Entries, file: string): void {
  const parsed = parseProcfile(text, file);
  const { kept, duplicates } = firstOccurrences(foreman);
  expect(parsed.types.map((t) => [t.name, t.command])).toEqual(kept);
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error' && d.line > 0);
  expect(errors.map((e) => /duplicate process type '([^']+)'/.exec(e.message)?.[1])).toEqual(duplicates);
}

describe.skipIf(!present)(`Procfiles equal Ruby Foreman's reading${present ? '' : ` — skipped: ${reason}`}`, () => {
  const dir = join(DATA, 'procfiles');
  const expected = present
    ? (JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, Entries>)
    : {};
  const files = present ? readdirSync(dir).filter((f) => f in expected) : [];

  it('covers the whole corpus', () => {
    expect(files.length).toBe(Object.keys(expected).length);
    expect(files.length).toBeGreaterThan(30);
  });

  it.each(files)('%s', (file) => {
    checkAgainstForeman(readFileSync(join(dir, file), 'utf8'), expected[file] as Entries, file);
  });
});

interface ProcfileCase {
  id: string;
  input: string;
  foreman: Entries | { error: string };
}

describe.skipIf(!present)(`the peers' Procfile test cases${present ? '' : ` — skipped: ${reason}`}`, () => {
  const cases = present
    ? (JSON.parse(readFileSync(join(DATA, 'vectors', 'procfile.json'), 'utf8')).cases as ProcfileCase[])
    : [];
  it.each(cases.map((c) => [c.id, c] as const))('%s reads as Foreman reads it', (_id, c) => {
    if (!Array.isArray(c.foreman)) throw new Error(`Foreman errors on ${c.id}: ${c.foreman.error}`);
    checkAgainstForeman(c.input, c.foreman, 'Procfile');
  });
});

interface DotenvCase {
  id: string;
  input?: string;
  inputs?: string[];
  env?: Record<string, string> | null;
  match: 'exact' | 'subset' | 'error';
  expected: Record<string, string> | { error: string } | null;
  requires?: string[];
  peers: { dotenv?: Record<string, string> | { error: string } };
}

/** What Procdeck makes of a case's input(s): dotenv's parse, later files winning, then expansion. */
function procdeckEnv(c: DotenvCase): Record<string, string> {
  const files = (c.inputs ?? [c.input ?? '']).map((text) => parseEnvText(text, '.env'));
  const merged = Object.assign({}, ...files.map((f) => f.values));
  const literal = new Set(files.flatMap((f) => [...f.literal]));
  return { ...expandEnv(merged, c.env ?? {}, literal) };
}

/** Where Procdeck knowingly reads a case differently from the source test, and why. */
const DEVIATIONS: Record<string, string> = {
  'ruby-dotenv/parser_spec/does-not-expand-escaped-variables-3':
    "dotenv-expand replaces the first textual occurrence of '${FOO}', which is the escaped one",
};

describe.skipIf(!present)(
  `.env files equal the npm dotenv package's reading${present ? '' : ` — skipped: ${reason}`}`,
  () => {
    const cases = present
      ? (JSON.parse(readFileSync(join(DATA, 'vectors', 'dotenv.json'), 'utf8')).cases as DotenvCase[])
      : [];
    const parsedByDotenv = cases.filter((c) => c.input !== undefined && c.peers.dotenv && !('error' in c.peers.dotenv));

    it('has cases to check', () => {
      expect(parsedByDotenv.length).toBeGreaterThan(100);
    });

    it.each(parsedByDotenv.map((c) => [c.id, c] as const))('%s parses as dotenv parses it', (_id, c) => {
      expect(parseEnvText(c.input as string, '.env').values).toEqual(c.peers.dotenv);
    });

    const expansion = cases.filter(
      (c) => (c.requires ?? []).includes('variable-expansion') && c.expected && !('error' in c.expected),
    );
    it.each(expansion.filter((c) => !DEVIATIONS[c.id]).map((c) => [c.id, c] as const))(
      '%s expands as its source test expects',
      (_id, c) => {
        const ours = procdeckEnv(c);
        const expected = c.expected as Record<string, string>;
        if (c.match === 'subset') expect(ours).toMatchObject(expected);
        else expect(ours).toEqual(expected);
      },
    );

    it.each(Object.entries(DEVIATIONS))('%s differs on purpose: %s', (id) => {
      expect(cases.some((c) => c.id === id)).toBe(true);
    });
  },
);
