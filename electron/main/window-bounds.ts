/**
 * Where a project's window reopens: its saved bounds when they still fit on a connected
 * display (a monitor may have been unplugged since), else a default size placed by the OS.
 */
import type { SavedBounds } from './persistence/desktop-store';
import { DEFAULT_WINDOW_SIZE, MIN_WINDOW_SIZE } from './window-factory';

export interface Area {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface InitialBounds {
  readonly bounds: { readonly x?: number; readonly y?: number; readonly width: number; readonly height: number };
  readonly maximized: boolean;
}

/** At least this much of the title bar must be on a display for saved bounds to be used. */
const MIN_VISIBLE = 100;

export function initialBounds(saved: SavedBounds | null, workAreas: readonly Area[]): InitialBounds {
  const fallback: InitialBounds = { bounds: { ...DEFAULT_WINDOW_SIZE }, maximized: false };
  if (!saved) return fallback;
  const width = Math.max(MIN_WINDOW_SIZE.width, saved.width);
  const height = Math.max(MIN_WINDOW_SIZE.height, saved.height);
  const visible = workAreas.some((area) => {
    const overlapX = Math.min(saved.x + width, area.x + area.width) - Math.max(saved.x, area.x);
    const titleBarOnScreen = saved.y >= area.y && saved.y < area.y + area.height - 20;
    return overlapX >= MIN_VISIBLE && titleBarOnScreen;
  });
  if (!visible) return { bounds: { width, height }, maximized: saved.maximized };
  return { bounds: { x: saved.x, y: saved.y, width, height }, maximized: saved.maximized };
}
