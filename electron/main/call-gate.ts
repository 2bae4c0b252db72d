/**
 * The checks every IPC call passes before it reaches a project host: who sent it, how big
 * it is, and whether it has the shape of a call. Pure; ipc-bridge.ts applies them.
 *
 * Electron's checklist #17: the sender must be the top frame of one of our windows,
 * showing one of our pages (parsed protocol and host). A frame that navigated away, an
 * iframe, a devtools page or any other webContents is refused.
 */
import { LIMITS } from '../../shared/contract';
import { isOwnUrl, type RendererSource } from './app-origin';

/** What a check needs of an `IpcMainInvokeEvent` (the real one satisfies it). */
export interface CallEvent {
  readonly sender: { readonly id: number };
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

export type GateResult =
  | { readonly ok: true; readonly name: unknown; readonly params: unknown }
  | { readonly ok: false; readonly reason: string };

export interface GateOptions {
  readonly source: RendererSource;
  /** True when this webContents id belongs to one of our project windows. */
  readonly isOurWindow: (webContentsId: number) => boolean;
  readonly maxBytes?: number;
}

export function checkSender(event: CallEvent, options: GateOptions): string | null {
  if (!options.isOurWindow(event.sender.id)) return 'the sender is not a Procdeck window';
  const frame = event.senderFrame;
  if (!frame) return 'the sending frame is gone';
  if (frame.parent !== null) return 'the sender is not a top-level frame';
  if (!isOwnUrl(frame.url, options.source)) return 'the sending page is not ours';
  return null;
}

/** Sender, arity and size checks; the call's own schema is checked by the host after this. */
export function gateCall(event: CallEvent, args: readonly unknown[], options: GateOptions): GateResult {
  const senderProblem = checkSender(event, options);
  if (senderProblem) return { ok: false, reason: senderProblem };
  if (args.length !== 2)
    return { ok: false, reason: `a call has a name and parameters, got ${args.length} argument(s)` };
  const [name, params] = args;
  if (typeof name !== 'string' || name.length > 64) return { ok: false, reason: 'the call name is not a short string' };
  const size = measurePayload(params, options.maxBytes ?? LIMITS.maxMessageBytes);
  if (!size.ok) return { ok: false, reason: size.reason };
  return { ok: true, name, params };
}

export type Measure = { readonly ok: true; readonly bytes: number } | { readonly ok: false; readonly reason: string };

const MAX_DEPTH = 16;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Roughly the serialized size of plain data, stopping as soon as it passes `limit`, so a
 * 50 MB string or a million-element array costs nothing to refuse. Anything that is not
 * plain JSON-like data (Maps, Dates, typed arrays, class instances, cycles, deep nesting,
 * `__proto__` keys) is refused here: no call's parameters contain such things.
 */
export function measurePayload(value: unknown, limit: number): Measure {
  let bytes = 0;
  const seen = new Set<object>();
  const visit = (v: unknown, depth: number): string | null => {
    if (depth > MAX_DEPTH) return `nested deeper than ${MAX_DEPTH} levels`;
    switch (typeof v) {
      case 'string':
        if (v.length > limit) return `larger than ${limit} bytes`;
        bytes += Buffer.byteLength(v, 'utf8') + 2;
        break;
      case 'number':
      case 'boolean':
        bytes += 8;
        break;
      case 'undefined':
        bytes += 4;
        break;
      case 'object': {
        if (v === null) {
          bytes += 4;
          break;
        }
        if (seen.has(v)) return 'a cycle';
        seen.add(v);
        if (Array.isArray(v)) {
          bytes += 2 + v.length;
          if (bytes > limit) return `larger than ${limit} bytes`;
          for (const item of v) {
            const problem = visit(item, depth + 1);
            if (problem) return problem;
          }
          break;
        }
        const proto: unknown = Object.getPrototypeOf(v);
        if (proto !== Object.prototype && proto !== null) return 'not plain data';
        for (const key of Object.keys(v)) {
          if (FORBIDDEN_KEYS.has(key)) return `a forbidden key '${key}'`;
          bytes += key.length * 3 + 4;
          if (bytes > limit) return `larger than ${limit} bytes`;
          const problem = visit((v as Record<string, unknown>)[key], depth + 1);
          if (problem) return problem;
        }
        break;
      }
      default:
        return `a value of type ${typeof v}`;
    }
    return bytes > limit ? `larger than ${limit} bytes` : null;
  };
  const problem = visit(value, 0);
  return problem ? { ok: false, reason: problem } : { ok: true, bytes };
}
