/**
 * Commands the mode's toolbar, hotkeys and tests call through OHIF's commandsManager.
 * Later issues add pimaRun / pimaToggleOverlay / pimaClear here.
 */
import { describeActiveSeries } from '../host/activeSeries';
import type { CommandsModule, ServicesManager } from '../host/ohifTypes';
import { PANEL_ID } from '../id';

export function getCommandsModule({ servicesManager }: { servicesManager: ServicesManager }): CommandsModule {
  const actions = {
    pimaShowPanel: () => servicesManager.services.panelService?.activatePanel(PANEL_ID, true),
    pimaDescribeActiveSeries: () => describeActiveSeries(),
  };
  return {
    actions,
    definitions: {
      pimaShowPanel: { commandFn: actions.pimaShowPanel },
      pimaDescribeActiveSeries: { commandFn: actions.pimaDescribeActiveSeries },
    },
    defaultContext: 'VIEWER',
  };
}
