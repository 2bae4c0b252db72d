/**
 * What components reach through context: the bridge, the store, the output hub and the
 * terminal registry. Created once in main.tsx; tests can build their own.
 */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { CallName, CallParams, CallResultValue } from '../../shared/contract';
import type { Bridge } from '../bridge/bridge';
import type { OutputHub } from '../output/output-hub';
import type { DashboardActions, DashboardState, DashboardStore } from '../store/dashboard-store';
import type { TerminalRegistry } from '../terminal/terminal-registry';
import type { SearchStore } from './search/search-store';

export interface Services {
  readonly bridge: Bridge;
  readonly store: DashboardStore;
  readonly hub: OutputHub;
  readonly terminals: TerminalRegistry;
  /** Search all output (issue 13). */
  readonly search: SearchStore;
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside ServicesContext');
  return services;
}

export function useDashboard<T>(selector: (state: DashboardState & DashboardActions) => T): T {
  return useStore(useServices().store, selector);
}

/**
 * Makes a call; a refusal becomes an error notice (the user clicked something and
 * deserves to know it failed). Resolves to the value, or null on failure.
 */
export async function runCall<K extends CallName>(
  services: Services,
  name: K,
  params: CallParams<K>,
): Promise<CallResultValue<K> | null> {
  const result = await services.bridge.call(name, params);
  if (result.ok) return result.value;
  services.store.getState().notify({ level: 'error', message: result.error.message, at: Date.now() });
  return null;
}

/** A function for event handlers that makes calls and reports refusals. */
export function useCall(): <K extends CallName>(name: K, params: CallParams<K>) => Promise<CallResultValue<K> | null> {
  const services = useServices();
  return (name, params) => runCall(services, name, params);
}
