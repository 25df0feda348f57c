import type { CropSpec } from '../manifest/types';
import { ImageInputError } from './imageInputError';
import type { CropBox, Roi } from './types';

/** Spec step 2: the lesion-centred square (or the whole-image square without an ROI), in image pixel coordinates. */
export function cropBox(roi: Roi | null, rows: number, columns: number, crop: CropSpec): CropBox {
  if (!roi) {
    const s = Math.max(rows, columns);
    return { x: columns / 2 - s / 2, y: rows / 2 - s / 2, width: s, height: s };
  }
  const { x0, y0, x1, y1 } = roi;
  if (![x0, y0, x1, y1].every(Number.isFinite) || !(x1 > x0) || !(y1 > y0))
    throw new ImageInputError(`Invalid ROI {x0:${x0}, y0:${y0}, x1:${x1}, y1:${y1}}: need x1 > x0 and y1 > y0`);
  const s = Math.max(crop.scale * Math.max(x1 - x0, y1 - y0), crop.minSizePx);
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  return { x: cx - s / 2, y: cy - s / 2, width: s, height: s };
}
