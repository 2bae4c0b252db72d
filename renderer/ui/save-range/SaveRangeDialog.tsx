/**
 * Save range…: the selected lines of the terminal on screen, or the lines of a span of
 * arrival times (the host's buffer, the same times the timestamps show), to a text file.
 * A native modal <dialog>: it takes focus, keeps Tab inside, and closes on Escape.
 *
 * The selection is read when the dialog opens (a click in the dialog must not change it).
 */
import { useEffect, useId, useRef, useState } from 'react';
import '../../styles/save-range.css';
import type { RangeView } from '../../../shared/contract';
import type { InstanceId } from '../../../shared/model';
import { orderedInstances } from '../../store/host-state';
import type { TerminalId } from '../../store/view';
import { mergedMembers } from '../../output/merged-selection';
import { selectedLines } from '../../terminal/selected-lines';
import { useServices } from '../services';
import { fromLocalInput, outcomeSentence, saveRange, toLocalInput, type SaveOutcome } from './save-range';

/** What a new dialog offers as the time range: the last five minutes. */
const DEFAULT_SPAN_MS = 5 * 60_000;

interface Props {
  readonly open: boolean;
  readonly onClose: () => void;
  readonly view: RangeView;
  /** The terminal on screen, whose selection is offered. */
  readonly terminal: TerminalId;
}

export function SaveRangeDialog({ open, onClose, view, terminal }: Props) {
  const services = useServices();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [selection, setSelection] = useState<readonly string[] | null>(null);
  const [kind, setKind] = useState<'selection' | 'time'>('time');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<SaveOutcome | null>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      const entry = services.terminals.get(terminal);
      const lines = entry ? selectedLines(entry.term) : null;
      setSelection(lines);
      setKind(lines ? 'selection' : 'time');
      const now = Date.now();
      setFrom(toLocalInput(now - DEFAULT_SPAN_MS));
      setTo(toLocalInput(now));
      setOutcome(null);
      element.showModal();
    }
    if (!open && element.open) element.close();
  }, [open, services, terminal]);

  async function save() {
    if (busy) return;
    const state = services.store.getState();
    const instances: readonly InstanceId[] =
      view === 'merged'
        ? mergedMembers(orderedInstances(state), { types: state.mergedTypes, instances: state.mergedInstances })
        : [view];
    const target = { bridge: services.bridge, hostSaves: state.host?.canSaveFile ?? false, view, instances };
    let result: SaveOutcome;
    if (kind === 'selection') {
      result = selection
        ? await saveRange(target, { kind: 'selection', lines: selection })
        : { kind: 'error', message: 'Nothing is selected in the terminal.' };
    } else {
      const start = fromLocalInput(from);
      const end = fromLocalInput(to);
      if (start === null || end === null) {
        setOutcome({ kind: 'error', message: 'Give the range as a date and a time (to the millisecond if you like).' });
        return;
      }
      setBusy(true);
      result = await saveRange(target, { kind: 'time', from: start, to: end });
      setBusy(false);
    }
    setOutcome(result);
  }

  const selectionLabel = selection
    ? `Selected lines (${selection.length})`
    : 'Selected lines (select some in the terminal first)';
  return (
    <dialog ref={dialog} className="save-range" aria-labelledby={titleId} onClose={onClose}>
      <form
        onSubmit={(event) => {
          // Enter in a field saves too; the dialog stays open to say what happened.
          event.preventDefault();
          void save();
        }}
      >
        <header>
          <h2 id={titleId}>Save range of {view === 'merged' ? 'all output' : view}</h2>
          <button type="button" aria-label="Close" onClick={() => dialog.current?.close()}>
            ✕
          </button>
        </header>
        <fieldset>
          <legend>What to save</legend>
          <label>
            <input
              type="radio"
              name="range-kind"
              checked={kind === 'selection'}
              disabled={!selection}
              onChange={() => setKind('selection')}
            />{' '}
            {selectionLabel}
          </label>
          <label>
            <input type="radio" name="range-kind" checked={kind === 'time'} onChange={() => setKind('time')} /> Lines
            that arrived in a time range
          </label>
          <span className="range-times">
            <label>
              From{' '}
              <input
                type="datetime-local"
                step="0.001"
                value={from}
                disabled={kind !== 'time'}
                onChange={(e) => setFrom(e.target.value)}
              />
            </label>
            <label>
              To{' '}
              <input
                type="datetime-local"
                step="0.001"
                value={to}
                disabled={kind !== 'time'}
                onChange={(e) => setTo(e.target.value)}
              />
            </label>
          </span>
        </fieldset>
        <p className="dim">
          Saved as plain text: colours and other escape sequences are left out, as the terminal shows the lines. A time
          range covers what Procdeck still buffers (the full log keeps everything); each line goes by when its first
          byte arrived, and starts with that time.
        </p>
        <div className="save-range-actions">
          <button type="submit" className="primary" aria-disabled={busy}>
            {services.store.getState().host?.canSaveFile ? 'Save…' : 'Download'}
          </button>
        </div>
        <p role="status" aria-label="Save range result">
          {outcome ? outcomeSentence(outcome) : ''}
        </p>
      </form>
    </dialog>
  );
}
