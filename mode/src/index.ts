/**
 * "PIMA vs IPN" mode: the host's @ohif/mode-basic, composed with our panel (next to the measurement
 * panel, open on entry) and a CT lung-window hanging protocol. It only composes; logic lives in the
 * extension.
 */
import { EXTENSION_ID, HANGING_PROTOCOL_ID, HEATMAP_TOOL_NAME, PANEL_ID } from '@pima-ipn/ohif-extension/src/id';

export const MODE_ID = '@pima-ipn/ohif-mode';
export const ROUTE_NAME = 'pima-ipn';
const MEASUREMENT_PANEL_ID = '@ohif/extension-cornerstone.panelModule.panelMeasurement';

interface BasicRoute {
  path: string;
  layoutInstance: { id: string; props: Record<string, unknown> };
  [key: string]: unknown;
}

/** Toolbar buttons appended to the primary section; they call commands from our extension. */
export const TOOLBAR_BUTTONS = [
  {
    id: 'PimaIpnRun',
    uiType: 'ohif.toolButton',
    props: { icon: 'tab-patient-info', label: 'PIMA vs IPN: run model on ROI', tooltip: 'Run PIMA vs IPN (Shift+P)', commands: 'pimaRun', evaluate: 'evaluate.action' },
  },
  {
    id: 'PimaIpnToggleOverlay',
    uiType: 'ohif.toolButton',
    props: { icon: 'tool-fusion-color', label: 'PIMA vs IPN: heat map on/off', tooltip: 'Heat map on/off (Shift+H)', commands: 'pimaToggleOverlay', evaluate: 'evaluate.action' },
  },
];

/** Hotkeys (Mousetrap syntax); plain h/r are OHIF's flip and rotate. */
export const HOTKEYS = [
  { commandName: 'pimaRun', label: 'PIMA vs IPN: run', keys: ['shift+p'], isEditable: true },
  { commandName: 'pimaToggleOverlay', label: 'PIMA vs IPN: heat map on/off', keys: ['shift+h'], isEditable: true },
];

interface Services {
  toolbarService: { sections: Record<string, string>; register(b: unknown[]): void; updateSection(s: string, ids: string[]): void };
  customizationService: { setCustomizations(c: Record<string, unknown>): void };
}

interface BasicModeInstance {
  routes: BasicRoute[];
  onModeEnter: (this: unknown, ctx: unknown) => void;
  [key: string]: unknown;
}

type LoadModules = (names: string[]) => Promise<Array<{ modeInstance?: BasicModeInstance } | undefined>>;

async function modeFactory({ loadModules }: { modeConfiguration?: unknown; loadModules: LoadModules }) {
  const [basic] = await loadModules(['@ohif/mode-basic']);
  const base = basic?.modeInstance;
  if (!base?.routes?.[0]?.layoutInstance) {
    // Fail the mode, not the viewer: OHIF logs this and the other modes keep working.
    throw new Error(`${MODE_ID}: the host's @ohif/mode-basic is missing or changed shape; this mode supports OHIF 3.13.x`);
  }
  const route = base.routes[0];
  const heatmap = { enabled: [{ toolName: HEATMAP_TOOL_NAME }] };
  const additions = (base.toolGroupAdditions ?? {}) as Record<string, unknown[]>;
  const layoutInstance = {
    ...route.layoutInstance,
    props: {
      ...route.layoutInstance.props,
      rightPanels: [PANEL_ID, MEASUREMENT_PANEL_ID],
      rightPanelClosed: false,
    },
  };
  return {
    ...base,
    id: MODE_ID,
    routeName: ROUTE_NAME,
    displayName: 'PIMA vs IPN',
    hide: false,
    // basic's isValidMode reads this through `this`: the mode is offered only for studies with CT.
    modeModalities: ['CT'],
    hangingProtocol: [HANGING_PROTOCOL_ID],
    routes: [{ ...route, path: ROUTE_NAME, layoutInstance }],
    // The heat map is drawn by a display-only tool that must be Enabled in the viewports' tool groups.
    toolGroupAdditions: {
      ...additions,
      default: [...(additions.default ?? []), heatmap],
      mpr: [...(additions.mpr ?? []), heatmap],
    },
    onModeEnter(this: unknown, ctx: { servicesManager: { services: Services } }) {
      const { toolbarService, customizationService } = ctx.servicesManager.services;
      // Hotkeys are read by the host right after onModeEnter, from this customization.
      customizationService.setCustomizations({ 'ohif.hotkeyBindings': { $push: HOTKEYS } });
      base.onModeEnter.call(this, ctx);
      toolbarService.register(TOOLBAR_BUTTONS);
      toolbarService.updateSection(toolbarService.sections.primary, TOOLBAR_BUTTONS.map(b => b.id));
    },
  };
}

export default {
  id: MODE_ID,
  modeFactory,
  // The extension registers globally through window.config.extensions (by URL); listing its id
  // here would make OHIF import() the bare id and blank the viewer.
  extensionDependencies: {},
  extensionId: EXTENSION_ID,
};
