/**
 * "PIMA vs IPN" mode: the host's @ohif/mode-basic, composed with our panel (next to the measurement
 * panel, open on entry) and a CT lung-window hanging protocol. It only composes; logic lives in the
 * extension.
 */
import { EXTENSION_ID, HANGING_PROTOCOL_ID, PANEL_ID } from '../../extension/src/id';

export const MODE_ID = '@pima-ipn/ohif-mode';
export const ROUTE_NAME = 'pima-ipn';
const MEASUREMENT_PANEL_ID = '@ohif/extension-cornerstone.panelModule.panelMeasurement';

interface BasicRoute {
  path: string;
  layoutInstance: { id: string; props: Record<string, unknown> };
  [key: string]: unknown;
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
    onModeEnter(this: unknown, ctx: unknown) {
      base.onModeEnter.call(this, ctx);
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
