/**
 * The host's live objects, captured once in preRegistration. Cornerstone is taken from the host
 * (never bundled): a second copy would mean a second image cache, metadata registry and tool state.
 */
import type * as CornerstoneCore from '@cornerstonejs/core';
import type * as CornerstoneTools from '@cornerstonejs/tools';
import type { CommandsManager, ExtensionManager, ExtensionParams, ServicesManager } from './ohifTypes';

export type Cornerstone = typeof CornerstoneCore;
export type CornerstoneToolsLib = typeof CornerstoneTools;

export interface HostContext {
  cornerstone: Cornerstone;
  cornerstoneTools: CornerstoneToolsLib;
  servicesManager: ServicesManager;
  commandsManager: CommandsManager;
  extensionManager: ExtensionManager;
  appConfig: Record<string, unknown>;
}

/** Module id of the utility that hands out the host's cornerstone instances (OHIF 3.13). */
export const CORNERSTONE_UTILITY_MODULE = '@ohif/extension-cornerstone.utilityModule.common';

let context: HostContext | null = null;

export class HostIntegrationError extends Error {
  constructor(message: string) {
    super(`PIMA vs IPN extension: ${message}`);
    this.name = 'HostIntegrationError';
  }
}

export function initHostContext(params: ExtensionParams): HostContext {
  const entry = params.extensionManager.getModuleEntry(CORNERSTONE_UTILITY_MODULE);
  const getLibraries = entry?.exports?.getCornerstoneLibraries as
    | (() => { cornerstone: Cornerstone; cornerstoneTools: CornerstoneToolsLib })
    | undefined;
  if (typeof getLibraries !== 'function') {
    // Fail at registration, loudly, rather than later with an opaque undefined access.
    throw new HostIntegrationError(
      `host module '${CORNERSTONE_UTILITY_MODULE}' does not export getCornerstoneLibraries(); this extension supports OHIF 3.13.x`
    );
  }
  const { cornerstone, cornerstoneTools } = getLibraries();
  context = {
    cornerstone,
    cornerstoneTools,
    servicesManager: params.servicesManager,
    commandsManager: params.commandsManager,
    extensionManager: params.extensionManager,
    appConfig: params.appConfig ?? {},
  };
  return context;
}

export function getHostContext(): HostContext {
  if (!context) throw new HostIntegrationError('used before preRegistration captured the host context');
  return context;
}

export function hasHostContext(): boolean {
  return context !== null;
}

/** The host libraries' versions, for bug reports. */
export function hostVersions(): string {
  if (!context) return 'unknown';
  const cs = context.cornerstone as unknown as { version?: string };
  const tools = context.cornerstoneTools as unknown as { version?: string };
  return `cornerstone3D core ${cs.version ?? 'unknown'}, tools ${tools.version ?? 'unknown'} (OHIF 3.13.x host)`;
}
