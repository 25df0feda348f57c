import type { CtSliceInput, Roi } from '../../extension/src/core/preprocess/types';

/**
 * Deterministic 512x512 CT-like slices (stored values, intercept -1024): body ellipse, lung fields and a
 * nodule whose position moves with k. Pure, so the browser page and Node build identical inputs.
 */
export function benchSlice(k: number, size = 512): CtSliceInput {
  const px = new Int16Array(size * size);
  const cx = size / 2;
  const cy = size / 2;
  const nx = 180 + 8 * k;
  const ny = 220 + 5 * k;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const body = ((x - cx) / 230) ** 2 + ((y - cy) / 180) ** 2 < 1;
      const lung = ((x - cx + 100) / 80) ** 2 + ((y - cy) / 120) ** 2 < 1 || ((x - cx - 100) / 80) ** 2 + ((y - cy) / 120) ** 2 < 1;
      const nodule = (x - nx) ** 2 + (y - ny) ** 2 < (10 + k) ** 2;
      const hu = nodule ? 30 : lung ? -850 : body ? 40 : -1000;
      px[y * size + x] = hu + 1024 + ((x * 13 + y * 7 + k * 31) % 21) - 10;
    }
  return { pixelData: px, rows: size, columns: size, rescaleSlope: 1, rescaleIntercept: -1024, id: `bench-${k}` };
}

export function benchRoi(k: number): Roi {
  const nx = 180 + 8 * k;
  const ny = 220 + 5 * k;
  const r = 10 + k;
  return { x0: nx - r, y0: ny - r, x1: nx + r + 1, y1: ny + r + 1 };
}

export function benchInputs(n: number): { slices: CtSliceInput[]; rois: Roi[] } {
  const ks = Array.from({ length: n }, (_, k) => k);
  return { slices: ks.map((k) => benchSlice(k)), rois: ks.map(benchRoi) };
}
