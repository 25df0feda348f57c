/**
 * @pima-ipn/ohif-extension — the extension object OHIF 3.13 registers. The prebuilt viewer loads it
 * with a native import() of a URL and takes the module's default export.
 */
import React from 'react';
import { loadManifestSummary, runAnalysis, whenIdle } from './analysis/analysisController';
import { getCommandsModule } from './commands/commandsModule';
import { checkInput } from './core/checks/inputChecks';
import { sliceFacts } from './host/ctSlices';
import { describeActiveSeries, imageIdsOf, watchActiveSeries } from './host/activeSeries';
import { lungWindowProtocol } from './host/hangingProtocol';
import { initHostContext } from './host/hostContext';
import type { ExtensionParams } from './host/ohifTypes';
import { findRectangleRoi, watchAnnotations } from './host/rectangleRoi';
import { EXTENSION_ID, EXTENSION_VERSION, HANGING_PROTOCOL_ID, PANEL_NAME } from './id';
import { makeHeatmapTool } from './overlay/heatmapTool';
import { makeIsland } from './panel/island';
import { PimaPanel } from './panel/PimaPanel';
import { injectStyles } from './panel/styles';
import { analysisStore } from './state/analysisStore';
import { panelStore } from './state/panelStore';

let stops: Array<() => void> = [];

/** Finds the ROI the next run would use and checks it against the model card before any run. */
function refreshRoi(): void {
  const series = panelStore.get().series;
  const imageIds = series ? imageIdsOf(series.displaySetInstanceUID) : [];
  const roi = imageIds.length ? findRectangleRoi(imageIds, series?.imageId ?? null) : null;
  panelStore.set({ roi });
  const { manifest, running } = analysisStore.get();
  if (manifest && roi && !running) analysisStore.set({ checks: checkInput(manifest.inputChecks, sliceFacts(roi.imageId), roi.roi) });
}

let autoRunQueued = false;

/**
 * "Run on slice change": analyse the displayed slice unless it already has a result. While a run is in
 * progress, one trailing run is queued, so fast scrolling ends with the slice the user stopped on.
 */
function maybeAutoRun(): void {
  const series = panelStore.get().series;
  const { autoRun, running, overlays } = analysisStore.get();
  if (!autoRun || !panelStore.get().roi || !series?.imageId || overlays[series.imageId]) return;
  if (running) {
    if (autoRunQueued) return;
    autoRunQueued = true;
    void whenIdle().then(() => {
      autoRunQueued = false;
      maybeAutoRun();
    });
    return;
  }
  void runAnalysis({ center: 'current' });
}

function onSeriesChange(): void {
  const previous = panelStore.get().series;
  const series = describeActiveSeries();
  panelStore.set({ series });
  refreshRoi();
  const sliceMoved = previous && series && previous.imageId !== series.imageId && previous.displaySetInstanceUID === series.displaySetInstanceUID;
  if (sliceMoved) maybeAutoRun();
}

const extension = {
  id: EXTENSION_ID,
  version: EXTENSION_VERSION,

  preRegistration(params: ExtensionParams) {
    const { cornerstone, cornerstoneTools } = initHostContext(params);
    // addTool is idempotent; the tool joins the tool groups through the mode's toolGroupAdditions.
    cornerstoneTools.addTool(makeHeatmapTool(cornerstone, cornerstoneTools) as never);
    injectStyles();
    // Read-only counts for the soak test's panel open/close cycles (tests/e2e/soak.e2e.ts): React's
    // store subscriptions are invisible from outside, and a leak there is what the test looks for.
    (window as unknown as { __pimaIpnDebug?: unknown }).__pimaIpnDebug = Object.freeze({
      listenerCounts: () => ({ panelStore: panelStore.listenerCount(), analysisStore: analysisStore.listenerCount() }),
    });
  },

  getPanelModule() {
    return [
      {
        name: PANEL_NAME,
        iconName: 'tab-patient-info',
        iconLabel: 'PIMA/IPN',
        label: 'PIMA vs IPN',
        component: makeIsland(() => <PimaPanel />),
      },
    ];
  },

  getCommandsModule,

  getHangingProtocolModule() {
    return [{ name: HANGING_PROTOCOL_ID, protocol: lungWindowProtocol }];
  },

  onModeEnter() {
    stops.forEach(stop => stop());
    stops = [];
    try {
      stops.push(watchActiveSeries(onSeriesChange));
      stops.push(watchAnnotations(refreshRoi));
      void loadManifestSummary();
    } catch (error) {
      // Never let our wiring take the viewer down: report it in the panel instead.
      panelStore.set({ hostError: `Could not follow the active viewport: ${(error as Error).message}` });
    }
  },

  onModeExit() {
    stops.forEach(stop => stop());
    stops = [];
    panelStore.set({ series: null, roi: null });
    analysisStore.set({ run: null, overlays: {}, error: null, checks: [] });
  },
};

export default extension;
