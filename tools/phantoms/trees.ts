/**
 * Intrapulmonary trees (pulmonary arteries, veins, bronchi) grown from the hilar roots by
 * recursive bifurcation: radii shrink by a Murray-like factor at each split, segments shorten with
 * the radius, and branches that would leave the lung stop, so the trees taper toward the pleura.
 */
import type { Anatomy } from './anatomy';
import { Rng } from './rng';
import type { Tube } from './tubes';
import { normalize as norm, type V3 } from './vec3';

export interface TreeSet {
  arteries: Tube[];
  veins: Tube[];
  airways: Tube[];
}

interface GrowOptions {
  minRadius: number;
  maxSegments: number;
  lengthPerRadius: [number, number];
}


/** Rotates `d` by `angle` toward a random direction perpendicular to it. */
function deflect(d: V3, angle: number, rng: Rng, axisHint?: V3): V3 {
  const h = axisHint ?? rng.unitVector();
  // Component of the hint perpendicular to d gives the bending direction.
  const dot = h[0] * d[0] + h[1] * d[1] + h[2] * d[2];
  let q: V3 = [h[0] - dot * d[0], h[1] - dot * d[1], h[2] - dot * d[2]];
  if (Math.hypot(q[0], q[1], q[2]) < 1e-6) q = norm([d[1], -d[0], 0.3]);
  q = norm(q);
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return norm([d[0] * c + q[0] * s, d[1] * c + q[1] * s, d[2] * c + q[2] * s]);
}

export function growTrees(anat: Anatomy, seed: number, zRange?: [number, number]): TreeSet {
  const rng = new Rng(seed);
  const out: TreeSet = { arteries: [], veins: [], airways: [] };
  for (const root of anat.roots) {
    const list = root.kind === 'airway' ? out.airways : root.kind === 'artery' ? out.arteries : out.veins;
    const opts: GrowOptions =
      root.kind === 'airway'
        ? { minRadius: 0.9, maxSegments: 900, lengthPerRadius: [3.5, 6] }
        : { minRadius: 0.3, maxSegments: 16000, lengthPerRadius: [5, 10] };
    const trng = rng.fork(root.kind, root.side);
    // Lobar directions: up, lateral-anterior, down-posterior; bronchi and vessels share the plan
    // with small jitter so they run roughly together, as bronchovascular bundles do.
    const lateral = root.side;
    const plan: Array<{ d: V3; r: number }> = [
      { d: norm([0.45 * lateral, -0.25, 1]), r: 0.62 },
      { d: norm([0.35 * lateral, 0.5, 0.8]), r: 0.55 },
      { d: norm([1 * lateral, -0.7, -0.1]), r: 0.58 },
      { d: norm([1 * lateral, 0.1, -0.45]), r: 0.58 },
      { d: norm([0.5 * lateral, 0.45, -1]), r: 0.68 },
      { d: norm([0.3 * lateral, -0.5, -1]), r: 0.55 },
    ];
    const stack: Array<{ p: V3; d: V3; r: number; depth: number }> = [];
    for (const b of plan) {
      const jitter = deflect(b.d, trng.uniform(0, 0.25), trng);
      stack.push({ p: root.point, d: jitter, r: root.radius * b.r, depth: 0 });
    }
    const centre: V3 = root.point;
    let count = 0;
    let head = 0;
    while (head < stack.length && count < opts.maxSegments) {
      // Breadth-first: when the segment cap is reached, only the finest generation is cut, evenly over all lobes.
      const cur = stack[head++] as { p: V3; d: V3; r: number; depth: number };
      let len = cur.r * trng.uniform(opts.lengthPerRadius[0], opts.lengthPerRadius[1]);
      len = Math.min(Math.max(len, 4), 30);
      let end: V3 | null = null;
      // A branch that would leave the lung first bends (a few tries), then shortens, then stops.
      for (let attempt = 0; attempt < 6; attempt++) {
        const q: V3 = [cur.p[0] + cur.d[0] * len, cur.p[1] + cur.d[1] * len, cur.p[2] + cur.d[2] * len];
        if (anat.inLung(q[0], q[1], q[2], cur.depth < 2 ? 0 : 0.5 * cur.r)) {
          end = q;
          break;
        }
        if (attempt < 3) cur.d = deflect(cur.d, trng.uniform(0.3, 0.9), trng);
        else len *= 0.5;
        if (len < 1.5) break;
      }
      if (!end) continue;
      const rEnd = cur.r * 0.96;
      list.push({ x0: cur.p[0], y0: cur.p[1], z0: cur.p[2], x1: end[0], y1: end[1], z1: end[2], r0: cur.r, r1: rEnd });
      count++;
      // Mostly monopodial branching (a parent that runs on with thinner side branches), as in
      // pulmonary vessels; sometimes an even split.
      const mono = trng.chance(0.7);
      const r1 = rEnd * (mono ? trng.uniform(0.9, 0.98) : trng.uniform(0.76, 0.88));
      const r2 = rEnd * (mono ? trng.uniform(0.45, 0.75) : trng.uniform(0.62, 0.82));
      // Outward bias keeps the tree spreading from the hilum to the periphery.
      const out3 = norm([end[0] - centre[0], end[1] - centre[1], end[2] - centre[2]]);
      const axis = trng.unitVector();
      const base = norm([cur.d[0] + 0.3 * out3[0], cur.d[1] + 0.3 * out3[1], cur.d[2] + 0.3 * out3[2]]);
      const dA = deflect(base, mono ? trng.uniform(0.03, 0.2) : trng.uniform(0.2, 0.45), trng, axis);
      const neg: V3 = [-axis[0], -axis[1], -axis[2]];
      const dB = deflect(base, mono ? trng.uniform(0.6, 1.2) : trng.uniform(0.35, 0.7), trng, neg);
      // Branches already far beyond the slab and heading further away cannot come back into view.
      if (zRange && ((end[2] < zRange[0] - 30 && cur.d[2] < 0.2) || (end[2] > zRange[1] + 30 && cur.d[2] > -0.2))) continue;
      if (r2 >= opts.minRadius) stack.push({ p: end, d: dB, r: r2, depth: cur.depth + 1 });
      if (r1 >= opts.minRadius) stack.push({ p: end, d: dA, r: r1, depth: cur.depth + 1 });
    }
  }
  if (zRange) {
    const [lo, hi] = zRange;
    const keep = (t: Tube): boolean => Math.max(t.z0, t.z1) + t.r0 >= lo && Math.min(t.z0, t.z1) - t.r0 <= hi;
    out.arteries = out.arteries.filter(keep);
    out.veins = out.veins.filter(keep);
    out.airways = out.airways.filter(keep);
  }
  return out;
}

/**
 * Short peripheral vessel fragments scattered through the lung in [zLo, zHi]: below the resolution
 * of the grown trees, they give the many small dots and dashes that fill a real lung slice. They
 * point away from the hilum and thin out toward the pleura.
 */
export function scatterVessels(anat: Anatomy, seed: number, zLo: number, zHi: number, perCubicCm: number): Tube[] {
  const rng = new Rng(seed).fork('scatter');
  const out: Tube[] = [];
  const vol = (2 * anat.cavA) * (2 * anat.cavB) * (zHi - zLo) / 1000;
  const tries = Math.round(vol * perCubicCm);
  for (let i = 0; i < tries; i++) {
    const x = rng.uniform(-anat.cavA, anat.cavA);
    const y = anat.cy + rng.uniform(-anat.cavB, anat.cavB);
    const z = rng.uniform(zLo, zHi);
    if (!anat.inLung(x, y, z, 1)) continue;
    const hx = Math.sign(x) * 35;
    const hy = anat.tracheaY + 10;
    const hz = -20;
    const d = norm([x - hx + rng.normal(0, 15), y - hy + rng.normal(0, 15), z - hz + rng.normal(0, 15)]);
    const dist = Math.hypot(x - hx, y - hy, z - hz);
    const r = Math.max(0.28, Math.min(1.3, 1.5 - dist / 90)) * rng.uniform(0.55, 1.0);
    const len = rng.uniform(3, 9);
    out.push({ x0: x - d[0] * len * 0.5, y0: y - d[1] * len * 0.5, z0: z - d[2] * len * 0.5, x1: x + d[0] * len * 0.5, y1: y + d[1] * len * 0.5, z1: z + d[2] * len * 0.5, r0: r, r1: r * 0.85 });
  }
  return out;
}
