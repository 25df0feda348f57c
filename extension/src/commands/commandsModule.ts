/**
 * Commands the mode's toolbar, hotkeys and tests call through OHIF's commandsManager. Each returns a
 * value (tests read it) and never throws into the host: failures land in the panel.
 */
import { clearAnalysis, loadModel, runAnalysis } from '../analysis/analysisController';
import type { Roi } from '../core/preprocess/types';
import { downloadResultJson, saveReport } from '../export/saveReport';
import { describeActiveSeries } from '../host/activeSeries';
import type { CommandsModule } from '../host/ohifTypes';
import { showPanel } from '../host/panels';
import { requestOverlayRender } from '../host/overlayRender';
import { addRectangleRoi } from '../host/rectangleRoi';
import { analysisStore, type OverlaySettings } from '../state/analysisStore';

async function reportFailure<T>(fn: () => Promise<T>): Promise<T | { ok: false; message: string }> {
  try {
    return await fn();
  } catch (error) {
    const message = (error as Error).message;
    analysisStore.set({ error: message });
    return { ok: false, message };
  }
}

export function getCommandsModule(): CommandsModule {
  const actions = {
    pimaShowPanel: () => showPanel(),
    pimaDescribeActiveSeries: () => describeActiveSeries(),
    pimaLoadModel: () => loadModel(),
    pimaRun: (options?: Record<string, unknown>) => runAnalysis({ center: options?.center === 'current' ? 'current' : 'roi' }),
    pimaToggleOverlay: () => {
      analysisStore.set(s => ({ overlay: { ...s.overlay, visible: !s.overlay.visible } }));
      void requestOverlayRender();
      return analysisStore.get().overlay.visible;
    },
    pimaSetOverlay: (options?: Record<string, unknown>) => {
      analysisStore.set(s => ({ overlay: { ...s.overlay, ...(options as Partial<OverlaySettings>) } }));
      return requestOverlayRender();
    },
    pimaClear: () => clearAnalysis(),
    pimaSaveReport: () => reportFailure(() => saveReport('dataSource')),
    pimaDownloadReport: () => reportFailure(() => saveReport('download')),
    pimaExportJson: () => reportFailure(async () => downloadResultJson()),
    /** Adds a RectangleROI on the active viewport's displayed slice (image pixel corners). */
    pimaAddRoi: (options?: Record<string, unknown>) => {
      const series = describeActiveSeries();
      if (!series?.imageId) return null;
      return addRectangleRoi(series.viewportId, series.imageId, options?.roi as Roi);
    },
  };
  const definitions = Object.fromEntries(Object.entries(actions).map(([name, fn]) => [name, { commandFn: fn }]));
  return { actions, definitions, defaultContext: 'VIEWER' };
}
