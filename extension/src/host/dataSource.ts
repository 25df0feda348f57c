/** Whether the active OHIF data source can store DICOM (STOW-RS), from the app config. */
import { activeDataSourceName } from '../export/saveReport';
import { getHostContext, hasHostContext } from './hostContext';

interface DataSourceConfig {
  sourceName?: string;
  configuration?: { supportsStow?: boolean };
}

export function activeDataSourceSupportsStore(): boolean {
  if (!hasHostContext()) return false;
  const name = activeDataSourceName();
  const sources = (getHostContext().appConfig.dataSources as DataSourceConfig[] | undefined) ?? [];
  const source = sources.find(s => s.sourceName === name);
  return source?.configuration?.supportsStow !== false;
}
