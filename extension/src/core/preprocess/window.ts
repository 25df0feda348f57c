import type { WindowSpec } from '../manifest/types';

/** Spec step 4: v = clamp((HU - (center - width/2)) / width, 0, 1). */
export function windowValue(hu: number, w: WindowSpec): number {
  const v = (hu - (w.center - w.width / 2)) / w.width;
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
