/**
 * The host's data sources: which one is active, whether it stores DICOM (STOW-RS), the host's own store
 * path (`createStoreFunction`), and the patient/study attributes of a display set's first instance.
 */
import { getHostContext, hasHostContext } from './hostContext';

interface DataSourceConfig {
  sourceName?: string;
  configuration?: { supportsStow?: boolean };
}

export type StoreFn = (dataset: Record<string, unknown>) => Promise<void>;

export function activeDataSourceName(): string | null {
  const { extensionManager, appConfig } = getHostContext();
  const name = (extensionManager as unknown as { activeDataSourceName?: string }).activeDataSourceName;
  return name ?? (appConfig.defaultDataSourceName as string | undefined) ?? null;
}

export function activeDataSourceSupportsStore(): boolean {
  if (!hasHostContext()) return false;
  const name = activeDataSourceName();
  const sources = (getHostContext().appConfig.dataSources as DataSourceConfig[] | undefined) ?? [];
  const source = sources.find(s => s.sourceName === name);
  return source?.configuration?.supportsStow !== false;
}

/**
 * The host's store path for a naturalised dataset: STOW-RS to the named data source, or 'download'.
 * Going through the host means a stored SR also enters OHIF's metadata store and is listed at once.
 */
export function storeFunction(target: string, defaultFileName: string): StoreFn {
  const fn = getHostContext().commandsManager.runCommand('createStoreFunction', {
    dataSource: target,
    defaultFileName,
  }) as StoreFn | null | undefined;
  if (typeof fn !== 'function') {
    throw new Error(target === 'download' ? 'The viewer cannot download DICOM files.' : `The data source "${target}" cannot store DICOM (no STOW-RS).`);
  }
  return fn;
}

/** Patient and study attributes of a display set's first instance, as a derived object must repeat them. */
export function patientStudyAttributes(displaySetInstanceUID: string): Record<string, unknown> {
  const { displaySetService } = getHostContext().servicesManager.services;
  const ds = displaySetService.getDisplaySetByUID(displaySetInstanceUID);
  const first = (ds?.instances?.[0] ?? {}) as Record<string, unknown>;
  const name = first.PatientName as unknown;
  const patientName =
    Array.isArray(name) ? (name[0] as { Alphabetic?: string })?.Alphabetic ?? String(name[0] ?? '') : typeof name === 'object' && name ? (name as { Alphabetic?: string }).Alphabetic : name;
  const pick = (k: string) => (first[k] !== undefined && first[k] !== null ? { [k]: first[k] } : {});
  return {
    ...pick('PatientID'),
    ...pick('PatientBirthDate'),
    ...pick('PatientSex'),
    ...pick('StudyDate'),
    ...pick('StudyTime'),
    ...pick('StudyID'),
    ...pick('AccessionNumber'),
    ...(patientName ? { PatientName: String(patientName) } : {}),
  };
}
