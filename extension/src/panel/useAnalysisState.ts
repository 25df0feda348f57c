import { useSyncExternalStore } from 'react';
import { analysisStore, type AnalysisState } from '../state/analysisStore';

export function useAnalysisState(): AnalysisState {
  return useSyncExternalStore(analysisStore.subscribe, analysisStore.get, analysisStore.get);
}
