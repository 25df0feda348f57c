/**
 * Tapered 3-D tubes (capsules) — the one primitive behind vessels, airways, spicules and pleural
 * tags — and their rasterisation into per-slice coverage maps with sub-pixel edges.
 */

export interface Tube {
  x0: number;
  y0: number;
  z0: number;
  x1: number;
  y1: number;
  z1: number;
  r0: number;
  r1: number;
}

export function tube(a: readonly number[], b: readonly number[], r0: number, r1 = r0): Tube {
  return { x0: a[0] as number, y0: a[1] as number, z0: a[2] as number, x1: b[0] as number, y1: b[1] as number, z1: b[2] as number, r0, r1 };
}

/** Signed distance from a point to the tube surface (negative inside). */
export function tubeDistance(t: Tube, x: number, y: number, z: number): number {
  const dx = t.x1 - t.x0;
  const dy = t.y1 - t.y0;
  const dz = t.z1 - t.z0;
  const len2 = dx * dx + dy * dy + dz * dz;
  let s = len2 > 0 ? ((x - t.x0) * dx + (y - t.y0) * dy + (z - t.z0) * dz) / len2 : 0;
  if (s < 0) s = 0;
  else if (s > 1) s = 1;
  const px = t.x0 + s * dx - x;
  const py = t.y0 + s * dy - y;
  const pz = t.z0 + s * dz - z;
  return Math.sqrt(px * px + py * py + pz * pz) - (t.r0 + s * (t.r1 - t.r0));
}

/** Pixel grid of one axial slice in patient millimetres. */
export interface SliceGrid {
  cols: number;
  rows: number;
  /** x of column 0 centre and y of row 0 centre. */
  x0: number;
  y0: number;
  spacing: number;
  z: number;
}

/**
 * Max-composites the coverage (0..1, antialiased over one pixel) of `t` at slice `g` into `cov`.
 * `grow` enlarges the radius (mm): walls around airway lumens reuse the same tubes.
 * Returns false when the tube does not reach the slice.
 */
export function rasterTube(t: Tube, g: SliceGrid, cov: Float32Array, grow = 0): boolean {
  const rMax = Math.max(t.r0, t.r1) + grow;
  const zMin = Math.min(t.z0, t.z1) - rMax;
  const zMax = Math.max(t.z0, t.z1) + rMax;
  if (g.z < zMin || g.z > zMax) return false;
  const dx = t.x1 - t.x0;
  const dy = t.y1 - t.y0;
  const dz = t.z1 - t.z0;
  const len2 = dx * dx + dy * dy + dz * dz;
  // Portion of the axis within rMax of the plane bounds the in-plane box.
  let sLo = 0;
  let sHi = 1;
  if (Math.abs(dz) > 1e-9) {
    const a = (g.z - rMax - t.z0) / dz;
    const b = (g.z + rMax - t.z0) / dz;
    sLo = Math.max(0, Math.min(a, b));
    sHi = Math.min(1, Math.max(a, b));
    if (sLo > sHi) return false;
  }
  const xa = t.x0 + sLo * dx;
  const xb = t.x0 + sHi * dx;
  const ya = t.y0 + sLo * dy;
  const yb = t.y0 + sHi * dy;
  const inv = 1 / g.spacing;
  let i0 = Math.floor((Math.min(xa, xb) - rMax - g.x0) * inv);
  let i1 = Math.ceil((Math.max(xa, xb) + rMax - g.x0) * inv);
  let j0 = Math.floor((Math.min(ya, yb) - rMax - g.y0) * inv);
  let j1 = Math.ceil((Math.max(ya, yb) + rMax - g.y0) * inv);
  if (i0 < 0) i0 = 0;
  if (j0 < 0) j0 = 0;
  if (i1 > g.cols - 1) i1 = g.cols - 1;
  if (j1 > g.rows - 1) j1 = g.rows - 1;
  if (i0 > i1 || j0 > j1) return false;
  const z = g.z;
  const dr = t.r1 - t.r0;
  const invLen2 = len2 > 0 ? 1 / len2 : 0;
  for (let j = j0; j <= j1; j++) {
    const y = g.y0 + j * g.spacing;
    const row = j * g.cols;
    for (let i = i0; i <= i1; i++) {
      const x = g.x0 + i * g.spacing;
      let s = ((x - t.x0) * dx + (y - t.y0) * dy + (z - t.z0) * dz) * invLen2;
      if (s < 0) s = 0;
      else if (s > 1) s = 1;
      const px = t.x0 + s * dx - x;
      const py = t.y0 + s * dy - y;
      const pz = t.z0 + s * dz - z;
      const d = Math.sqrt(px * px + py * py + pz * pz);
      const r = t.r0 + s * dr + grow;
      let c = (r - d) * inv + 0.5;
      if (c <= 0) continue;
      if (c > 1) c = 1;
      // Sub-pixel vessels keep their partial-volume contrast instead of vanishing.
      if (r < 0.5 * g.spacing) c *= (2 * r) / g.spacing;
      if (c > (cov[row + i] as number)) cov[row + i] = c;
    }
  }
  return true;
}

/**
 * Tubes grouped by the slices they can touch, so each slice visits only its own tubes.
 * `zs` are the slice positions in ascending order.
 */
export function bucketTubes(tubes: readonly Tube[], zs: readonly number[], pad = 0): Tube[][] {
  const buckets: Tube[][] = zs.map(() => []);
  if (zs.length === 0) return buckets;
  for (const t of tubes) {
    const r = Math.max(t.r0, t.r1) + pad;
    const lo = Math.min(t.z0, t.z1) - r;
    const hi = Math.max(t.z0, t.z1) + r;
    // Binary search for the first slice >= lo.
    let a = 0;
    let b = zs.length;
    while (a < b) {
      const m = (a + b) >> 1;
      if ((zs[m] as number) < lo) a = m + 1;
      else b = m;
    }
    for (let k = a; k < zs.length && (zs[k] as number) <= hi; k++) (buckets[k] as Tube[]).push(t);
  }
  return buckets;
}
