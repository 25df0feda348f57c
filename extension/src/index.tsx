/**
 * @pima-ipn/ohif-extension — the extension object OHIF 3.13 registers. The prebuilt viewer loads it
 * with a native import() of a URL and takes the module's default export.
 */
import React from 'react';
import { getCommandsModule } from './commands/commandsModule';
import { watchActiveSeries } from './host/activeSeries';
import { lungWindowProtocol } from './host/hangingProtocol';
import { initHostContext } from './host/hostContext';
import type { ExtensionParams } from './host/ohifTypes';
import { EXTENSION_ID, EXTENSION_VERSION, HANGING_PROTOCOL_ID, PANEL_NAME } from './id';
import { makeIsland } from './panel/island';
import { PimaPanel } from './panel/PimaPanel';
import { injectStyles } from './panel/styles';
import { panelStore } from './state/panelStore';

let stopWatching: (() => void) | null = null;

const extension = {
  id: EXTENSION_ID,
  version: EXTENSION_VERSION,

  preRegistration(params: ExtensionParams) {
    initHostContext(params);
    injectStyles();
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
    stopWatching?.();
    try {
      stopWatching = watchActiveSeries(series => panelStore.set({ series }));
    } catch (error) {
      // Never let our wiring take the viewer down: report it in the panel instead.
      panelStore.set({ hostError: `Could not follow the active viewport: ${(error as Error).message}` });
    }
  },

  onModeExit() {
    stopWatching?.();
    stopWatching = null;
    panelStore.set({ series: null });
  },
};

export default extension;
