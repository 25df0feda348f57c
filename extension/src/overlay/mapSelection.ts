/** Which display map a setting selects from a slice result, and the words the UI puts next to it. */
import type { DisplayMap, SliceResult } from '../core/result/types';
import type { MapKind } from '../state/analysisStore';

export interface SelectedMap {
  map: DisplayMap;
  /** E.g. "CAM (PIMA)" or "DAS attention". */
  method: string;
}

export function selectMap(slice: SliceResult, kind: MapKind, positiveClass: string): SelectedMap | null {
  if (kind === 'attention') return slice.attention ? { map: slice.attention.display, method: 'DAS attention' } : null;
  const cam = slice.cam;
  if (!cam) return null;
  const positive = cam.classes.indexOf(positiveClass);
  const index = kind === 'cam-positive' ? positive : cam.classes.findIndex((_, i) => i !== positive);
  if (index < 0 || !cam.display[index]) return null;
  return { map: cam.display[index], method: `CAM (${cam.classes[index]})` };
}
