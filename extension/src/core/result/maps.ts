import type { CropBox } from '../preprocess/types';
import type { DisplayMap, ImageMap } from './types';

/** Places an h x w map computed on the model input over the crop square it came from (cells tile the crop exactly). */
export function mapToImage(values: Float32Array, width: number, height: number, crop: CropBox): ImageMap {
  if (values.length !== width * height) throw new Error(`mapToImage: ${values.length} values for a ${width}x${height} map`);
  return { values, width, height, imageRect: { x: crop.x, y: crop.y, width: crop.width, height: crop.height } };
}

export const CAM_MEANING = 'normalised evidence, not probability';
export const ATTENTION_MEANING = 'relative attention (min-max on this slice), not probability';

/**
 * 0..1 version for colouring. CAM: ReLU then divide by the max (all-zero when no positive evidence).
 * Attention (already in (0,1)): min-max stretch, so a nearly flat gate still shows where it is highest.
 */
export function normaliseForDisplay(map: ImageMap, kind: 'cam' | 'attention'): DisplayMap {
  const v = map.values;
  const out = new Float32Array(v.length);
  if (kind === 'cam') {
    let max = 0;
    for (let k = 0; k < v.length; k++) if (v[k] > max) max = v[k];
    if (max > 0) for (let k = 0; k < v.length; k++) out[k] = v[k] > 0 ? v[k] / max : 0;
    return { ...map, values: out, meaning: CAM_MEANING };
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < v.length; k++) {
    if (v[k] < lo) lo = v[k];
    if (v[k] > hi) hi = v[k];
  }
  const span = hi - lo;
  for (let k = 0; k < v.length; k++) out[k] = span > 0 ? (v[k] - lo) / span : 0;
  return { ...map, values: out, meaning: ATTENTION_MEANING };
}
