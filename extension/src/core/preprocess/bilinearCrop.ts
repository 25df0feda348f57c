import type { CropBox } from './types';

/**
 * Spec step 3: crop + resize in one bilinear step (align_corners=False, no antialiasing).
 * Neighbours outside the image contribute padValue. Returns size*size HU values, row-major, float64.
 * `slope`/`intercept` apply the modality LUT (step 1) to each neighbour as it is read: the same float64 HU
 * as converting the whole image first, without touching the pixels the crop never samples.
 */
export function bilinearCrop(
  pixels: ArrayLike<number>,
  rows: number,
  columns: number,
  box: CropBox,
  size: number,
  padValue: number,
  slope = 1,
  intercept = 0,
): Float64Array {
  const hu = pixels;
  const out = new Float64Array(size * size);
  const stepX = box.width / size;
  const stepY = box.height / size;
  // Per-column and per-row sampling positions are shared by every output row/column.
  const x0 = new Int32Array(size);
  const fxs = new Float64Array(size);
  for (let u = 0; u < size; u++) {
    const sx = box.x + (u + 0.5) * stepX - 0.5;
    const fl = Math.floor(sx);
    x0[u] = fl;
    fxs[u] = sx - fl;
  }
  const at = (x: number, y: number): number =>
    x >= 0 && x < columns && y >= 0 && y < rows ? hu[y * columns + x] * slope + intercept : padValue;
  for (let v = 0; v < size; v++) {
    const sy = box.y + (v + 0.5) * stepY - 0.5;
    const y = Math.floor(sy);
    const fy = sy - y;
    const rowInside = y >= 0 && y + 1 < rows;
    for (let u = 0; u < size; u++) {
      const x = x0[u];
      const fx = fxs[u];
      let p00: number, p01: number, p10: number, p11: number;
      if (rowInside && x >= 0 && x + 1 < columns) {
        const i = y * columns + x;
        p00 = hu[i] * slope + intercept;
        p01 = hu[i + 1] * slope + intercept;
        p10 = hu[i + columns] * slope + intercept;
        p11 = hu[i + columns + 1] * slope + intercept;
      } else {
        p00 = at(x, y);
        p01 = at(x + 1, y);
        p10 = at(x, y + 1);
        p11 = at(x + 1, y + 1);
      }
      const top = (1 - fx) * p00 + fx * p01;
      const bottom = (1 - fx) * p10 + fx * p11;
      out[v * size + u] = (1 - fy) * top + fy * bottom;
    }
  }
  return out;
}
