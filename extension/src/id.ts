/** Identifiers the host and the mode refer to. Changing one is a breaking change for deployments. */
export const EXTENSION_ID = '@pima-ipn/ohif-extension';
export const PANEL_NAME = 'pimaIpnPanel';
export const PANEL_ID = `${EXTENSION_ID}.panelModule.${PANEL_NAME}`;
export const HANGING_PROTOCOL_ID = '@pima-ipn/lung-window';
export const HEATMAP_TOOL_NAME = 'PimaIpnHeatmap';
export const EXTENSION_VERSION = '0.1.0';
