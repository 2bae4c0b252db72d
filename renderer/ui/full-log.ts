/**
 * "Open the full log", from the toolbar's button or the gap notice's link: asks the host for a
 * single-use handle and downloads with it, so the URL the browser keeps is dead after use.
 */
import type { InstanceId } from '../../shared/model';
import { logHandlePath } from '../../shared/wire';
import type { Bridge } from '../bridge/bridge';
import type { DashboardStore } from '../store/dashboard-store';

export async function openFullLog(
  bridge: Bridge,
  store: DashboardStore,
  id: InstanceId,
  /** workbench: the desktop app hands the file itself to the user's viewer (`log.open`). */
  inViewer = false,
): Promise<void> {
  if (inViewer) {
    const opened = await bridge.call('log.open', { instance: id });
    if (!opened.ok)
      store
        .getState()
        .notify({ level: 'warning', message: `Cannot open the log of ${id}: ${opened.error.message}`, at: Date.now() });
    return;
  }
  const result = await bridge.call('output.logHandle', { instance: id });
  if (!result.ok) {
    store
      .getState()
      .notify({ level: 'warning', message: `No full log for ${id}: ${result.error.message}`, at: Date.now() });
    return;
  }
  window.open(logHandlePath(result.value.handle), '_blank', 'noopener,noreferrer');
}
