/**
 * The page's one store of observations: a zustand store of its own (the dashboard store
 * holds the project picture; observations arrive every second and only the rows that show
 * them re-render).
 */
import { create } from 'zustand';
import type { ObservationsEvent } from '../../../shared/contract';
import type { InstanceId } from '../../../shared/model';
import { foldObservations, type ObservedInstance, type Observations } from './observations';

interface ObservationsState {
  readonly observations: Observations;
  apply(event: ObservationsEvent): void;
  /** A project change or a lost connection: what was observed belongs to other processes. */
  clear(): void;
}

export const useObservations = create<ObservationsState>()((set) => ({
  observations: new Map(),
  apply: (event) => set((s) => ({ observations: foldObservations(s.observations, event) })),
  clear: () => set({ observations: new Map() }),
}));

export function useObserved(id: InstanceId): ObservedInstance | undefined {
  return useObservations((s) => s.observations.get(id));
}
