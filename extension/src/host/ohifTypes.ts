/**
 * The few OHIF 3.13 shapes this extension uses. The npm @ohif packages ship no type declarations,
 * so these are written from the 3.13.2 sources; keep them minimal so an upgrade is a one-file review.
 */
export interface Subscription {
  unsubscribe: () => void;
}

export interface PubSubService {
  EVENTS: Record<string, string>;
  subscribe: (event: string, callback: (payload: unknown) => void) => Subscription;
}

export interface DisplaySet {
  displaySetInstanceUID: string;
  StudyInstanceUID: string;
  SeriesInstanceUID: string;
  SeriesDescription?: string;
  SeriesNumber?: number | string;
  Modality?: string;
  imageIds?: string[];
  numImageFrames?: number;
  instances?: Array<Record<string, unknown>>;
  instance?: Record<string, unknown>;
  isReconstructable?: boolean;
  FrameOfReferenceUID?: string;
  SOPClassUID?: string;
  unsupported?: boolean;
}

export interface ViewportGridService extends PubSubService {
  getActiveViewportId(): string | undefined;
  getDisplaySetsUIDsForViewport(viewportId: string): string[] | undefined;
  getState(): { activeViewportId?: string; viewports: Map<string, unknown> };
}

export interface DisplaySetService extends PubSubService {
  getDisplaySetByUID(uid: string): DisplaySet | undefined;
  getActiveDisplaySets(): DisplaySet[];
}

export interface CornerstoneViewportService extends PubSubService {
  getCornerstoneViewport(viewportId: string): unknown;
}

export interface UINotificationService {
  show(options: { title: string; message: string; type?: 'info' | 'success' | 'warning' | 'error'; duration?: number }): void;
}

export interface PanelService {
  activatePanel(panelId: string, forceActive?: boolean): void;
}

export interface ToolbarService {
  sections: Record<string, string>;
  register(buttons: unknown[], replace?: boolean): void;
  updateSection(section: string, buttonIds: string[]): void;
}

export interface ToolGroupService extends PubSubService {
  getToolGroup(id?: string): unknown;
  getToolGroupIds(): string[];
}

export interface Services {
  viewportGridService: ViewportGridService;
  displaySetService: DisplaySetService;
  cornerstoneViewportService: CornerstoneViewportService;
  uiNotificationService?: UINotificationService;
  panelService?: PanelService;
  toolbarService?: ToolbarService;
  toolGroupService?: ToolGroupService;
  measurementService?: PubSubService & Record<string, unknown>;
  [name: string]: unknown;
}

export interface ServicesManager {
  services: Services;
}

export interface CommandsManager {
  runCommand(name: string, options?: Record<string, unknown>, context?: string): unknown;
}

export interface ExtensionManager {
  getModuleEntry(id: string): { exports?: Record<string, unknown> } | undefined;
}

export interface ExtensionParams {
  servicesManager: ServicesManager;
  commandsManager: CommandsManager;
  extensionManager: ExtensionManager;
  hotkeysManager?: unknown;
  appConfig?: Record<string, unknown>;
  configuration?: Record<string, unknown>;
}

export interface CommandsModule {
  actions: Record<string, (options?: Record<string, unknown>) => unknown>;
  definitions: Record<string, { commandFn: (options?: Record<string, unknown>) => unknown; options?: Record<string, unknown> }>;
  defaultContext?: string;
}
