/** Panel-visible state shared by the panel island, the commands and the overlay. */
import type { ActiveSeries } from '../host/activeSeries';
import { createStore } from './createStore';

export interface PanelState {
  series: ActiveSeries | null;
  /** A message for the user about the host integration itself (e.g. a missing host module). */
  hostError: string | null;
}

export const panelStore = createStore<PanelState>({ series: null, hostError: null });
