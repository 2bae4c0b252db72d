/**
 * A link to another instance's row: a click selects it (its terminal shows) and scrolls its
 * row into view, focusing its name so the keyboard continues from there.
 */
import type { InstanceId } from '../../../shared/model';
import { useDashboard } from '../services';

export function InstanceLink({ id, from, why }: { id: InstanceId; from: InstanceId; why: string }) {
  const show = useDashboard((s) => s.show);
  return (
    <button
      type="button"
      className="instance-link"
      title={`Show ${id} (${from} ${why})`}
      onClick={() => {
        show(id);
        revealRow(id);
      }}
    >
      {id}
    </button>
  );
}

/** After React has shown the selection: the row of `id` scrolled into view, its name focused. */
function revealRow(id: InstanceId): void {
  requestAnimationFrame(() => {
    const row = document.querySelector<HTMLElement>(`tr.instance[aria-label="${CSS.escape(id)}"]`);
    if (!row) return;
    row.scrollIntoView({ block: 'nearest' });
    row.querySelector<HTMLElement>('.instance-name')?.focus({ preventScroll: true });
  });
}
