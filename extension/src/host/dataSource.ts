/**
 * The host's data sources: which one is active, whether it stores DICOM (STOW-RS), the host's own store
 * path (`createStoreFunction`), and the patient/study attributes of a display set's first instance.
 */
import { PATIENT_STUDY_KEYWORDS, PERSON_NAME_KEYWORDS } from '../export/srDocument';
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
  const out: Record<string, unknown> = {};
  for (const k of PATIENT_STUDY_KEYWORDS) {
    const v = first[k];
    const value = v === undefined || v === null ? undefined : PERSON_NAME_KEYWORDS.has(k) ? personName(v) : v;
    if (value !== undefined) out[k] = value;
  }
  return out;
}

/** A PN value as OHIF holds it (string, { Alphabetic }, or an array of either) as the plain string SR writers need. */
function personName(value: unknown): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v === 'string') return v || undefined;
  if (v && typeof v === 'object') return (v as { Alphabetic?: string }).Alphabetic || undefined;
  return v === undefined || v === null ? undefined : String(v) || undefined;
}
