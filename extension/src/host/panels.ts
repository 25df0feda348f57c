/** Opening our side panel through the host's panel service. */
import { PANEL_ID } from '../id';
import { getHostContext } from './hostContext';

export function showPanel(): void {
  getHostContext().servicesManager.services.panelService?.activatePanel(PANEL_ID, true);
}
