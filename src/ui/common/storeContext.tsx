/** Gives components the app store: `useAppState(selector)` to read, `useActions()` to act. */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppState, AppStore } from '../../store/appStore';

const StoreContext = createContext<AppStore | null>(null);

export function StoreProvider({ value, children }: { value: AppStore; children: ReactNode }) {
  return <StoreContext.Provider value={value}>{children}</StoreContext.Provider>;
}

function useAppStore(): AppStore {
  const app = useContext(StoreContext);
  if (!app) throw new Error('StoreProvider is missing');
  return app;
}

export function useAppState<T>(selector: (state: AppState) => T): T {
  return useStore(useAppStore().store, selector);
}

export function useActions(): AppStore['actions'] {
  return useAppStore().actions;
}
