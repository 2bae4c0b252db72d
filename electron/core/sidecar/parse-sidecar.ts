/**
 * `procdeck.yaml`'s one entry point: text in, settings per type or diagnostics out, each
 * naming file, line and column. Pure; never throws.
 *
 * The text is parsed with `yaml` (one document, unique keys, a bounded number of alias
 * expansions, so a "billion laughs" file cannot grow memory), validated with the zod
 * schema (unknown keys are errors, with the nearest known key as "did you mean"), then
 * checked for what a schema cannot say (exactly one probe, a regex that compiles).
 */
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { Diagnostic, ExitPolicy } from '../../../shared/model';
import type { EnvValues } from '../env/parse-env';
import type { Readiness } from '../formation/type-settings';
import { didYouMean } from './nearest-word';
import { knownKeysAt } from './schema-keys';
import { SIDECAR_SCHEMA, type TypeSettingsInput } from './sidecar-schema';
import { readinessFrom } from './sidecar-readiness';
import { durationMs } from './duration';
import { positionOf, type Position, type YamlPath } from './yaml-positions';

/** What procdeck.yaml says of one type; null where it says nothing (the default applies). */
export interface SidecarEntry {
  readonly name: string;
  /** Where the type's name is written. */
  readonly at: Position;
  readonly after: readonly { readonly type: string; readonly at: Position }[];
  readonly ready: Readiness | null;
  readonly restart: 'independent' | 'cascade' | null;
  readonly env: EnvValues;
  readonly scale: number | null;
  readonly policy: ExitPolicy | null;
  readonly stop: { readonly signal: NodeJS.Signals | null; readonly graceMs: number | null };
}

export interface Sidecar {
  readonly file: string;
  /** In the file's order. */
  readonly entries: readonly SidecarEntry[];
}

export type SidecarParse =
  | { readonly ok: true; readonly sidecar: Sidecar }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** Alias expansions allowed while building the value (yaml's default is 100). */
const MAX_ALIASES = 100;

export function parseSidecar(text: string, file: string): SidecarParse {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const error = (at: Position, message: string): Diagnostic => ({
    severity: 'error',
    file,
    line: at.line,
    column: at.column,
    message,
  });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      diagnostics: doc.errors.map((e) => {
        const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
        return error({ line: pos.line, column: pos.col }, firstLine(e.message));
      }),
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES }) ?? {};
  } catch (cause) {
    return { ok: false, diagnostics: [error({ line: 1, column: 1 }, firstLine(String(cause)))] };
  }
  const parsed = SIDECAR_SCHEMA.safeParse(value);
  const where = (path: YamlPath, key = false) => positionOf(doc, lines, path, key);
  if (!parsed.success) {
    return {
      ok: false,
      diagnostics: parsed.error.issues.flatMap((issue) => describeIssue(issue, [], where, value, error)),
    };
  }
  const problems: Diagnostic[] = [];
  const entries = Object.entries(parsed.data.processes ?? {}).map(([name, input]) =>
    entryFrom(
      name,
      input,
      (path, key) => where(['processes', name, ...path], key),
      (path, message) => problems.push(error(where(['processes', name, ...path]), message)),
    ),
  );
  if (problems.length > 0) return { ok: false, diagnostics: problems };
  return { ok: true, sidecar: { file, entries } };
}

function entryFrom(
  name: string,
  input: TypeSettingsInput,
  where: (path: YamlPath, key?: boolean) => Position,
  problem: (path: YamlPath, message: string) => void,
): SidecarEntry {
  const after = input.after === undefined ? [] : typeof input.after === 'string' ? [input.after] : input.after;
  const listed = typeof input.after === 'string';
  const ready =
    input.ready === undefined
      ? null
      : readinessFrom(input.ready, (path, message) => problem(['ready', ...path], message));
  return {
    name,
    at: where([], true),
    after: after.map((type, index) => ({ type, at: where(listed ? ['after'] : ['after', index]) })),
    ready,
    restart: input.restart ?? null,
    env: Object.fromEntries(Object.entries(input.env ?? {}).map(([k, v]) => [k, String(v)])),
    scale: input.scale ?? null,
    policy: input.policy ?? null,
    stop: {
      signal: input.stop?.signal ?? null,
      graceMs: input.stop?.grace === undefined ? null : durationMs(input.stop.grace),
    },
  };
}

type Issue = z.core.$ZodIssue;

/** One zod issue as diagnostics at its place; a union's issues from the branch the value was meant for. */
function describeIssue(
  issue: Issue,
  base: YamlPath,
  where: (path: YamlPath, key?: boolean) => Position,
  value: unknown,
  error: (at: Position, message: string) => Diagnostic,
): Diagnostic[] {
  const path = [...base, ...issue.path];
  const place = path.length > 0 ? path.map(String).join('.') : 'the top level';
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(SIDECAR_SCHEMA, path);
      return issue.keys.map((key) =>
        error(
          where([...path, key], true),
          `unknown key '${key}' in ${place}${didYouMean(key, known)}; known keys: ${known.join(', ')}`,
        ),
      );
    }
    case 'invalid_union': {
      // A branch whose only complaint is the value's type was not the one meant.
      const meant = issue.errors.filter(
        (branch) => !branch.every((i) => i.code === 'invalid_type' && i.path.length === 0),
      );
      if (meant.length === 1) return (meant[0] ?? []).flatMap((i) => describeIssue(i, path, where, value, error));
      return [error(where(path), `${place}: ${issue.message}`)];
    }
    case 'invalid_value': {
      const given = valueAt(value, path);
      const words = issue.values.map(String);
      const hint = typeof given === 'string' ? didYouMean(given, words) : '';
      return [error(where(path), `${place}: expected one of ${words.join(', ')}${hint}`)];
    }
    default:
      return [error(where(path), `${place}: ${issue.message}`)];
  }
}

function valueAt(value: unknown, path: YamlPath): unknown {
  let at = value;
  for (const segment of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<PropertyKey, unknown>)[segment];
  }
  return at;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}
