/**
 * Reading the desktop app's JSON files: validated, never trusted, never fatal.
 *
 * A file that is missing is normal (first run). One that does not parse or does not match
 * its schema (a disk error, a hand edit, a writer from an old version that was not atomic)
 * is moved aside as `NAME.corrupt-TIME` and reported, and the caller falls back to its
 * default: the app always starts.
 */
import { readFileSync, renameSync } from 'node:fs';
import type { z } from 'zod';

export type JsonRead<T> =
  | { readonly kind: 'ok'; readonly value: T }
  | { readonly kind: 'missing' }
  | { readonly kind: 'corrupt'; readonly reason: string; readonly movedTo: string | null };

/** Files larger than this are not ours: treated as corrupt. */
const MAX_STATE_FILE_BYTES = 1024 * 1024;

export function readJsonFile<S extends z.ZodType>(file: string, schema: S): JsonRead<z.output<S>> {
  let text: string;
  try {
    const bytes = readFileSync(file);
    if (bytes.byteLength > MAX_STATE_FILE_BYTES) return corrupt(file, `larger than ${MAX_STATE_FILE_BYTES} bytes`);
    text = bytes.toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'corrupt', reason: (error as Error).message, movedTo: null };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return corrupt(file, `not JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return corrupt(
      file,
      `unexpected content at ${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return { kind: 'ok', value: parsed.data };
}

function corrupt(file: string, reason: string): JsonRead<never> {
  const movedTo = `${file}.corrupt-${Date.now()}`;
  try {
    renameSync(file, movedTo);
    return { kind: 'corrupt', reason, movedTo };
  } catch {
    return { kind: 'corrupt', reason, movedTo: null };
  }
}
