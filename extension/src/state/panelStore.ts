/** Panel-visible state shared by the panel island, the commands and the overlay. */
import type { ActiveSeries } from '../host/activeSeries';
import type { FoundRoi } from '../host/rectangleRoi';
import { createStore } from './createStore';

export interface PanelState {
  series: ActiveSeries | null;
  /** The RectangleROI the next run will use, if any. */
  roi: FoundRoi | null;
  /** A message for the user about the host integration itself (e.g. a missing host module). */
  hostError: string | null;
}

export const panelStore = createStore<PanelState>({ series: null, roi: null, hostError: null });
