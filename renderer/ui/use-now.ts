/**
 * The current time, re-rendering once a second, for rows that show uptimes and
 * countdowns. One shared ticker for the whole page, running only while someone listens.
 */
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

const noop = () => () => undefined;
const snapshot = () => now;

/** `Date.now()`, refreshed every second while `active`; a fixed value otherwise. */
export function useNow(active: boolean): number {
  return useSyncExternalStore(active ? subscribe : noop, snapshot);
}
