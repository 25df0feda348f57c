/**
 * Colour maps for heat maps, as piecewise-linear RGB control points (pure: no DOM). Values are
 * normalised evidence in 0..1 — not probabilities — and values below the threshold are transparent.
 */
export type ColormapName = 'inferno' | 'viridis' | 'jet';

type Stop = [number, number, number, number];

const STOPS: Record<ColormapName, Stop[]> = {
  // Perceptually uniform (matplotlib's inferno / viridis, sampled at 9 points).
  inferno: [
    [0, 0, 0, 4], [0.125, 40, 11, 84], [0.25, 101, 21, 110], [0.375, 159, 42, 99], [0.5, 212, 72, 66],
    [0.625, 245, 125, 21], [0.75, 250, 193, 39], [0.875, 245, 240, 113], [1, 252, 255, 164],
  ],
  viridis: [
    [0, 68, 1, 84], [0.125, 71, 44, 122], [0.25, 59, 81, 139], [0.375, 44, 113, 142], [0.5, 33, 144, 141],
    [0.625, 39, 173, 129], [0.75, 92, 200, 99], [0.875, 170, 220, 50], [1, 253, 231, 37],
  ],
  // The Grad-CAM literature's convention; not perceptually uniform, offered because readers expect it.
  jet: [
    [0, 0, 0, 131], [0.125, 0, 0, 255], [0.375, 0, 255, 255], [0.625, 255, 255, 0], [0.875, 255, 0, 0], [1, 128, 0, 0],
  ],
};

export const COLORMAPS = Object.keys(STOPS) as ColormapName[];

export function colorAt(name: ColormapName, v: number): [number, number, number] {
  const stops = STOPS[name];
  const x = Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0));
  let i = 1;
  while (i < stops.length - 1 && stops[i][0] < x) i++;
  const [x0, r0, g0, b0] = stops[i - 1];
  const [x1, r1, g1, b1] = stops[i];
  const t = x1 === x0 ? 0 : (x - x0) / (x1 - x0);
  return [Math.round(r0 + t * (r1 - r0)), Math.round(g0 + t * (g1 - g0)), Math.round(b0 + t * (b1 - b0))];
}

/**
 * Bilinear upsampling of a w×h grid of cell values to outW×outH, cell-centre aligned
 * (align_corners=False), clamping at the borders: the way the map's cells tile the crop.
 */
export function upsampleBilinear(values: ArrayLike<number>, w: number, h: number, outW: number, outH: number): Float32Array {
  if (values.length !== w * h) throw new Error(`map has ${values.length} values, expected ${w}×${h}`);
  const out = new Float32Array(outW * outH);
  for (let v = 0; v < outH; v++) {
    const sy = Math.min(h - 1, Math.max(0, ((v + 0.5) * h) / outH - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(h - 1, y0 + 1);
    const fy = sy - y0;
    for (let u = 0; u < outW; u++) {
      const sx = Math.min(w - 1, Math.max(0, ((u + 0.5) * w) / outW - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(w - 1, x0 + 1);
      const fx = sx - x0;
      const top = values[y0 * w + x0] * (1 - fx) + values[y0 * w + x1] * fx;
      const bottom = values[y1 * w + x0] * (1 - fx) + values[y1 * w + x1] * fx;
      out[v * outW + u] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}

/** RGBA pixels for a 0..1 map: colour-mapped, fully transparent where the value is below `threshold`. */
export function colorize(values: ArrayLike<number>, colormap: ColormapName, threshold: number): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(values.length * 4);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= threshold)) continue;
    const [r, g, b] = colorAt(colormap, v);
    rgba[i * 4] = r;
    rgba[i * 4 + 1] = g;
    rgba[i * 4 + 2] = b;
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}

/** A CSS linear-gradient for the legend, so the legend is drawn from the same stops as the map. */
export function legendGradient(name: ColormapName): string {
  return `linear-gradient(to right, ${STOPS[name].map(([x, r, g, b]) => `rgb(${r},${g},${b}) ${Math.round(x * 100)}%`).join(', ')})`;
}
