/**
 * Save range…: a terminal's selected lines or a span of arrival times, as a text file.
 * The web view downloads it (a Blob: no server path in any URL); the desktop app has the
 * host write it where the user picks in a native save dialog (`output.saveRange`).
 */
import { OUTPUT_RANGE_LIMITS, type RangeView } from '../../../shared/contract';
import { formatArrival } from '../../../shared/arrival-times';
import { formatBytes } from '../../output/format-bytes';
import { assertNever, type InstanceId } from '../../../shared/model';
import { rangeFileName, rangeFileText, selectionFileText } from '../../../shared/range-file';
import type { Bridge } from '../../bridge/bridge';
import { download } from '../download';

export type RangeChoice =
  | { readonly kind: 'selection'; readonly lines: readonly string[] }
  | { readonly kind: 'time'; readonly from: number; readonly to: number };

export type SaveOutcome =
  | {
      readonly kind: 'saved';
      /** The path written (desktop) or the file name downloaded (web). */
      readonly where: string;
      readonly downloaded: boolean;
      readonly lines: number;
      readonly clipped: boolean;
      /** The range starts before what the host still buffers: older lines are in the full log only. */
      readonly olderGone: number | null;
    }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'error'; readonly message: string };

export interface SaveTarget {
  readonly bridge: Pick<Bridge, 'call'>;
  /** The host writes files through a native dialog (HostInfo.canSaveFile). */
  readonly hostSaves: boolean;
  readonly view: RangeView;
  /** The instances whose lines a time range takes (the merged view's members, or the one instance). */
  readonly instances: readonly InstanceId[];
}

export async function saveRange(target: SaveTarget, choice: RangeChoice): Promise<SaveOutcome> {
  return choice.kind === 'selection' ? saveSelection(target, choice.lines) : saveTimeRange(target, choice);
}

async function saveSelection(target: SaveTarget, lines: readonly string[]): Promise<SaveOutcome> {
  const text = selectionFileText(lines.join('\n'));
  const limit = target.hostSaves ? OUTPUT_RANGE_LIMITS.selectionBytes : OUTPUT_RANGE_LIMITS.textChars;
  const size = target.hostSaves ? new TextEncoder().encode(text).byteLength : text.length;
  if (size > limit)
    return {
      kind: 'error',
      message: `The selection is ${formatBytes(size)}; at most ${formatBytes(limit)} can be saved from a selection. Save a time range instead.`,
    };
  if (!target.hostSaves) {
    const name = rangeFileName(target.view, Date.now());
    download(new Blob([text], { type: 'text/plain;charset=utf-8' }), name);
    return { kind: 'saved', where: name, downloaded: true, lines: lines.length, clipped: false, olderGone: null };
  }
  const saved = await target.bridge.call('output.saveRange', { kind: 'selection', view: target.view, text });
  if (!saved.ok) return { kind: 'error', message: saved.error.message };
  if (saved.value.kind === 'cancelled') return { kind: 'cancelled' };
  return {
    kind: 'saved',
    where: saved.value.path,
    downloaded: false,
    lines: saved.value.lines,
    clipped: false,
    olderGone: null,
  };
}

async function saveTimeRange(target: SaveTarget, range: { from: number; to: number }): Promise<SaveOutcome> {
  if (!(range.from <= range.to)) return { kind: 'error', message: 'The range ends before it starts.' };
  if (target.instances.length === 0) return { kind: 'error', message: 'This view shows no instance.' };
  const query = { instances: target.instances, from: range.from, to: range.to };
  const read = await target.bridge.call('output.range', query);
  if (!read.ok) return { kind: 'error', message: read.error.message };
  const { lines, clipped, heldSince } = read.value;
  const olderGone = heldSince !== null && range.from < heldSince ? heldSince : null;
  if (lines.length === 0)
    return {
      kind: 'error',
      message: `No line arrived from ${formatArrival(range.from).trim()} to ${formatArrival(range.to).trim()}${olderGone === null ? '' : ` that is still buffered (from ${formatArrival(olderGone).trim()} on; the full log has older lines)`}.`,
    };
  if (!target.hostSaves) {
    const name = rangeFileName(target.view, Date.now());
    download(new Blob([rangeFileText(lines, target.view)], { type: 'text/plain;charset=utf-8' }), name);
    return { kind: 'saved', where: name, downloaded: true, lines: lines.length, clipped, olderGone };
  }
  const saved = await target.bridge.call('output.saveRange', { kind: 'time', view: target.view, ...query });
  if (!saved.ok) return { kind: 'error', message: saved.error.message };
  if (saved.value.kind === 'cancelled') return { kind: 'cancelled' };
  return {
    kind: 'saved',
    where: saved.value.path,
    downloaded: false,
    lines: saved.value.lines,
    clipped: saved.value.clipped,
    olderGone,
  };
}

/** What the dialog says about an outcome. */
export function outcomeSentence(outcome: SaveOutcome): string {
  switch (outcome.kind) {
    case 'saved': {
      const lines = `${outcome.lines} line${outcome.lines === 1 ? '' : 's'}`;
      const what = outcome.downloaded
        ? `Downloaded ${lines} as ${outcome.where}`
        : `Saved ${lines} to ${outcome.where}`;
      const clipped = outcome.clipped ? ' (the first ones only: the range held more than can be saved at once)' : '';
      const older =
        outcome.olderGone === null
          ? ''
          : ` Output before ${formatArrival(outcome.olderGone).trim()} is no longer buffered; the full log has it.`;
      return `${what}${clipped}.${older}`;
    }
    case 'cancelled':
      return 'Nothing was saved.';
    case 'error':
      return outcome.message;
    default:
      return assertNever(outcome, 'save outcome');
  }
}

/** A moment as a `datetime-local` field shows it (local time, milliseconds). */
export function toLocalInput(at: number): string {
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** A `datetime-local` field's value as epoch ms (local time); null when it is not a moment. */
export function fromLocalInput(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, ms] = match;
  const at = new Date(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s ?? 0),
    Number((ms ?? '0').padEnd(3, '0')),
  ).getTime();
  return Number.isFinite(at) ? at : null;
}
