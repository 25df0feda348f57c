import { useSyncExternalStore } from 'react';
import { panelStore, type PanelState } from '../state/panelStore';

export function usePanelState(): PanelState {
  return useSyncExternalStore(panelStore.subscribe, panelStore.get, panelStore.get);
}
