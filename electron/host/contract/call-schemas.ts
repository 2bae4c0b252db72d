/**
 * Runtime validation of every contract call's parameters, where a call enters a host.
 *
 * Strict objects (unknown keys, `__proto__` included, are refused), bounded strings and
 * numbers. The compile-time checks at the bottom keep these schemas and the types in
 * shared/contract.ts the same shape: change one without the other and the build fails.
 */
import { z } from 'zod';
import {
  EXPORT_FORMATS,
  LIMITS,
  OUTPUT_RANGE_LIMITS,
  SEARCH_LIMITS,
  USER_SIGNALS,
  type CallName,
  type CallParams,
  type NotificationName,
  type NotificationParams,
} from '../../../shared/contract';
import { EDITOR_COMMAND_MAX_CHARS } from '../../../shared/editor-choice';
import { EXIT_POLICIES } from '../../../shared/model';

const empty = z.strictObject({});
const typeName = z
  .string()
  .min(1)
  .max(LIMITS.maxNameLength)
  .regex(/^[A-Za-z0-9_-]+$/);
const instance = z
  .string()
  .min(3)
  .max(LIMITS.maxNameLength + 8)
  .regex(/^[A-Za-z0-9_-]+\.[1-9][0-9]{0,5}$/)
  .transform((s) => s as `${string}.${number}`);
const path = z
  .string()
  .min(1)
  .max(LIMITS.maxPathLength)
  .refine((s) => !s.includes('\0'), 'must not contain NUL');
/** An arrival time, epoch ms (Date.now()'s range). */
const arrivalTime = z.int().min(0).max(Number.MAX_SAFE_INTEGER);
const rangeQuery = {
  instances: z.array(instance).min(1).max(LIMITS.maxSubscribe),
  from: arrivalTime,
  to: arrivalTime,
};
const rangeView = z.union([z.literal('merged'), instance]);
const target = z.discriminatedUnion('scope', [
  z.strictObject({ scope: z.literal('all') }),
  z.strictObject({ scope: z.literal('type'), type: typeName }),
  z.strictObject({ scope: z.literal('instance'), instance }),
]);

export const CALL_SCHEMAS = {
  'app.info': empty,
  'app.recentProjects': empty,
  'app.pickFolder': empty,
  'project.open': z.strictObject({ dir: path, procfile: z.string().min(1).max(LIMITS.maxNameLength).optional() }),
  'project.selectProcfile': z.strictObject({ procfile: z.string().min(1).max(LIMITS.maxNameLength) }),
  'project.reload': empty,
  'project.snapshot': empty,
  'process.start': z.strictObject({ target }),
  'process.stop': z.strictObject({ target }),
  'process.restart': z.strictObject({ target }),
  'process.signal': z.strictObject({ instance, signal: z.enum(USER_SIGNALS) }),
  'type.scale': z.strictObject({ type: typeName, count: z.int().min(0).max(LIMITS.maxScale) }),
  'type.setPolicy': z.strictObject({
    type: typeName,
    policy: z.enum(EXIT_POLICIES as [string, ...string[]]).transform((p) => p as (typeof EXIT_POLICIES)[number]),
  }),
  'output.subscribe': z.strictObject({ instances: z.array(instance).max(LIMITS.maxSubscribe) }),
  'output.unsubscribe': z.strictObject({ instances: z.array(instance).max(LIMITS.maxSubscribe) }),
  'output.read': z.strictObject({
    instance,
    maxBytes: z
      .int()
      .min(1)
      .max(16 * 1024 * 1024)
      .optional(),
  }),
  // timestamps (issue 13): a time range of the buffered output; Save range… in the desktop app.
  'output.range': z.strictObject(rangeQuery),
  'output.saveRange': z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('time'), view: rangeView, ...rangeQuery }),
    z.strictObject({
      kind: z.literal('selection'),
      view: rangeView,
      text: z.string().max(OUTPUT_RANGE_LIMITS.selectionBytes),
    }),
  ]),
  'output.logHandle': z.strictObject({ instance, stream: z.literal('stderr').optional() }),
  'formation.export': z.strictObject({ format: z.enum(EXPORT_FORMATS) }),
  'formation.exportToFolder': z.strictObject({ format: z.enum(EXPORT_FORMATS) }),
  'link.open': z.strictObject({ url: z.string().max(LIMITS.maxUrlLength) }),
  // envview (issue 13)
  'instance.environment': z.strictObject({ instance, run: z.int().min(1).max(1e9).optional() }),
  'editor.open': z.strictObject({
    path,
    line: z.int().min(1).max(1e9).optional(),
    column: z.int().min(1).max(1e6).optional(),
  }),
  // workbench (issue 13): the editor setting; the command is checked again by checkEditorCommand.
  'log.open': z.strictObject({ instance, stream: z.literal('stderr').optional() }),
  'editor.setting': empty,
  'editor.choose': z.strictObject({ command: z.string().max(EDITOR_COMMAND_MAX_CHARS).nullable() }),
  // Search all output (issue 13).
  'search.start': z.strictObject({
    text: z.string().min(1).max(SEARCH_LIMITS.textChars),
    regex: z.boolean(),
    caseSensitive: z.boolean(),
    types: z.array(typeName).max(LIMITS.maxSubscribe).optional(),
    instances: z.array(instance).max(LIMITS.maxSubscribe).optional(),
  }),
  'search.cancel': z.strictObject({ search: z.int().min(1).max(Number.MAX_SAFE_INTEGER) }),
  'search.readLog': z.strictObject({
    instance,
    stream: z.enum(['pty', 'stdout', 'stderr']),
    offset: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
    maxBytes: z.int().min(1).max(SEARCH_LIMITS.excerptBytes).optional(),
  }),
  // Ports (issue 11)
  'ports.holder': z.strictObject({ instance }),
  'ports.stopHolder': z.strictObject({
    instance,
    pid: z
      .number()
      .int()
      .min(2)
      .max(2 ** 22),
  }),
  // Ports (issue 11, ports2): overlapping port ranges of two open projects
  'ports.offer': empty,
  'ports.moveBase': z.strictObject({ basePort: z.int().min(1024).max(65535) }),
} as const satisfies { [K in CallName]: z.ZodType };

/** The one-way messages' parameters, as strict as the calls'. */
export const NOTIFICATION_SCHEMAS = {
  'output.ack': z.strictObject({
    instance,
    bytes: z
      .int()
      .min(0)
      .max(1 << 30),
  }),
  'instance.input': z.strictObject({ instance, data: z.string().max(LIMITS.maxInputBytes) }),
  'instance.resize': z.strictObject({ instance, cols: z.int().min(2).max(1000), rows: z.int().min(1).max(500) }),
} as const satisfies { [K in NotificationName]: z.ZodType };

export type ValidCall = { [K in CallName]: { readonly name: K; readonly params: CallParams<K> } }[CallName];

export type ValidNotification = {
  [K in NotificationName]: { readonly name: K; readonly params: NotificationParams<K> };
}[NotificationName];

export type Validation<T = ValidCall> =
  | { readonly ok: true; readonly call: T }
  | { readonly ok: false; readonly code: 'unknown-call' | 'invalid-request'; readonly message: string };

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(CALL_SCHEMAS, name);
}

export function isNotificationName(name: unknown): name is NotificationName {
  return typeof name === 'string' && Object.hasOwn(NOTIFICATION_SCHEMAS, name);
}

/** Checks a call that arrived from a transport; never throws. */
export function validateCall(name: unknown, params: unknown): Validation {
  if (!isCallName(name)) return { ok: false, code: 'unknown-call', message: `unknown call ${quoted(name)}` };
  return checked<ValidCall>(name, CALL_SCHEMAS[name], params);
}

/** Checks a one-way message that arrived from a transport; never throws. */
export function validateNotification(name: unknown, params: unknown): Validation<ValidNotification> {
  if (!isNotificationName(name))
    return { ok: false, code: 'unknown-call', message: `unknown notification ${quoted(name)}` };
  return checked<ValidNotification>(name, NOTIFICATION_SCHEMAS[name], params);
}

function checked<T>(name: string, schema: z.ZodType, params: unknown): Validation<T> {
  const parsed = schema.safeParse(params ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'params';
    return { ok: false, code: 'invalid-request', message: `${name}: ${where}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, call: { name, params: parsed.data } as T };
}

function quoted(name: unknown): string {
  return JSON.stringify(String(name).slice(0, 64));
}

// Compile-time: each schema's output is exactly the contract's params type.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type SchemaMatchesContract = {
  [K in CallName]: Exact<z.output<(typeof CALL_SCHEMAS)[K]>, DeepMutable<CallParams<K>>>;
} & {
  [K in NotificationName]: Exact<z.output<(typeof NOTIFICATION_SCHEMAS)[K]>, DeepMutable<NotificationParams<K>>>;
};
type DeepMutable<T> = T extends readonly (infer U)[]
  ? DeepMutable<U>[]
  : T extends object
    ? { -readonly [P in keyof T]: DeepMutable<T[P]> }
    : T;
type AllTrue<T> = false extends T[keyof T] ? false : true;
const schemasMatchContract: AllTrue<SchemaMatchesContract> = true;
void schemasMatchContract;
