/**
 * The lesion of one phantom: placement inside the lung, its 3-D shape (a smooth union of lobes
 * with an irregular surface), internal structure (ground glass, air bronchograms, bubble-like
 * lucencies, cavitation) and surroundings (spicules, pleural tags, satellite nodules, halo).
 * PIMA-like and IPN-like lesions share every mechanism; only the parameter distributions differ.
 */
import { Anatomy, DIRS26 } from './anatomy';
import { SmoothField3D, clamp } from './noise';
import type { LesionParams } from './params';
import { Rng } from './rng';
import type { Tube } from './tubes';
import { normalize as normalise, type V3 } from './vec3';

interface Ball {
  x: number;
  y: number;
  z: number;
  r: number;
}

export interface LesionModel {
  params: LesionParams;
  centre: V3;
  lobes: Ball[];
  /** Half-size (mm) of the box that holds the lesion body and halo. */
  reach: number;
  shape: SmoothField3D;
  texture: SmoothField3D;
  ggoField: SmoothField3D;
  ggoThreshold: number;
  /** Smooth bumps on the surface: direction, height (fraction of R) and sharpness exponent. */
  bumps: Array<{ x: number; y: number; z: number; a: number; p: number }>;
  bronchograms: Tube[];
  bubbles: Ball[];
  cavity: Ball | null;
  spicules: Tube[];
  tags: Tube[];
  satellites: Ball[];
}

/** Inverse of the standard normal CDF, good to ~1e-3: only sets the ground-glass volume fraction. */
function probit(p: number): number {
  const q = clamp(p, 1e-4, 1 - 1e-4);
  const t = Math.sqrt(-2 * Math.log(q < 0.5 ? q : 1 - q));
  const z = t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
  return q < 0.5 ? -z : z;
}

/**
 * Chooses the lesion centre: a lung point deep enough for most of the lesion, near the requested
 * height. Deterministic in the lesion seed; relaxes the depth and moves toward mid-lung if needed.
 */
export function placeLesion(anat: Anatomy, lp: LesionParams): V3 {
  const rng = new Rng(lp.seed).fork('place');
  let z = lp.centre[2];
  const pima = lp.label === 'PIMA';
  for (let round = 0; round < 12; round++) {
    const need = Math.max(3, lp.radiusMm * (round < 6 ? 0.75 : 0.45) + 2);
    for (let attempt = 0; attempt < 60; attempt++) {
      const side = rng.chance(0.5) ? 1 : -1;
      const x = side * rng.uniform(0.2, 0.9) * anat.cavA;
      // PIMA favours the dependent (posterior) lung, IPN anywhere.
      const y = anat.cy + (pima ? rng.uniform(-0.6, 0.9) : rng.uniform(-0.85, 0.85)) * anat.cavB;
      if (!anat.inLung(x, y, z, 2)) continue;
      if (anat.lungDepth(x, y, z, need + 1) >= need) return [x, y, z];
    }
    z += z < -20 ? 10 : -10;
  }
  throw new Error(`could not place a ${lp.radiusMm.toFixed(1)} mm lesion inside the lung`);
}

export function buildLesion(anat: Anatomy, lp: LesionParams, centre: V3): LesionModel {
  const rng = new Rng(lp.seed).fork('build');
  const R = lp.radiusMm;
  const lobes: Ball[] = lp.lobes.map((l) => ({ x: centre[0] + l.dx * R, y: centre[1] + l.dy * R, z: centre[2] + l.dz * R, r: l.r * R }));
  let reach = 0;
  for (const b of lobes) reach = Math.max(reach, Math.hypot(b.x - centre[0], b.y - centre[1], b.z - centre[2]) + b.r);
  reach = reach * (1 + lp.irregularity) + lp.haloMm + 3;
  const box = 2 * reach + 10;
  const x0 = centre[0] - box / 2;
  const y0 = centre[1] - box / 2;
  const z0 = centre[2] - box / 2;
  const shape = new SmoothField3D(rng.fork('shape'), x0, y0, z0, Math.max(1.2, R * 0.16), box, box, box, 3);
  const texture = new SmoothField3D(rng.fork('texture'), x0, y0, z0, 1.6, box, box, box);
  const ggoField = new SmoothField3D(rng.fork('ggo'), x0, y0, z0, Math.max(1.5, R * 0.25), box, box, box, 3);
  const m: LesionModel = {
    params: lp,
    centre,
    lobes,
    reach,
    shape,
    texture,
    ggoField,
    ggoThreshold: probit(lp.ggoFraction),
    bumps: [],
    bronchograms: [],
    bubbles: [],
    cavity: null,
    spicules: [],
    tags: [],
    satellites: [],
  };

  // Surface bumps: broad, low ones give lobulation (PIMA-like); many sharp ones give an
  // irregular, angular margin (IPN-like). The irregularity parameter scales both.
  const pimaShape = lp.label === 'PIMA';
  const nBumps = pimaShape ? rng.int(5, 10) : rng.int(8, 16);
  for (let i = 0; i < nBumps; i++) {
    const u = rng.unitVector();
    const a = (pimaShape ? rng.uniform(0.5, 1.5) : rng.uniform(1.0, 3.0)) * lp.irregularity;
    m.bumps.push({ x: u[0], y: u[1], z: u[2] * 0.8, a, p: pimaShape ? rng.uniform(2, 6) : rng.uniform(8, 40) });
  }

  // Air bronchograms: bronchi entering from the hilar side and branching through the lesion.
  const hilum: V3 = [Math.sign(centre[0]) * 40, anat.tracheaY + 10, -20];
  const toHilum = normalise([hilum[0] - centre[0], hilum[1] - centre[1], hilum[2] - centre[2]]);
  for (let i = 0; i < lp.airBronchograms; i++) {
    const jitter = rng.unitVector();
    const entryDir = normalise([toHilum[0] + 0.5 * jitter[0], toHilum[1] + 0.5 * jitter[1], toHilum[2] + 0.5 * jitter[2]]);
    const off = rng.uniform(-0.35, 0.35) * R;
    const side = rng.unitVector();
    const a: V3 = [centre[0] + entryDir[0] * R * 1.3 + side[0] * off, centre[1] + entryDir[1] * R * 1.3 + side[1] * off, centre[2] + entryDir[2] * R * 1.3 + side[2] * off];
    const dir = normalise([-entryDir[0] + 0.3 * jitter[1], -entryDir[1] + 0.3 * jitter[2], -entryDir[2] + 0.3 * jitter[0]]);
    const r0 = rng.uniform(1.0, 1.9);
    const midLen = R * rng.uniform(1.0, 1.5);
    const b: V3 = [a[0] + dir[0] * midLen, a[1] + dir[1] * midLen, a[2] + dir[2] * midLen];
    m.bronchograms.push(seg(a, b, r0, r0 * 0.8));
    for (let j = 0; j < 2; j++) {
      const d2 = normalise([dir[0] + rng.uniform(-0.7, 0.7), dir[1] + rng.uniform(-0.7, 0.7), dir[2] + rng.uniform(-0.5, 0.5)]);
      const len = R * rng.uniform(0.5, 1.0);
      m.bronchograms.push(seg(b, [b[0] + d2[0] * len, b[1] + d2[1] * len, b[2] + d2[2] * len], r0 * 0.75, r0 * 0.45));
    }
  }
  // Bubble-like lucencies inside the body.
  for (let i = 0; i < lp.bubbles; i++) {
    const r = rng.uniform(1.0, 3.2);
    for (let t = 0; t < 30; t++) {
      const u = rng.unitVector();
      const d = rng.uniform(0, 0.8) * R;
      const p: V3 = [centre[0] + u[0] * d, centre[1] + u[1] * d, centre[2] + u[2] * d];
      if (bodyDistance(m, p[0], p[1], p[2]) < -r - 1) {
        m.bubbles.push({ x: p[0], y: p[1], z: p[2], r });
        break;
      }
    }
  }
  if (lp.cavityFraction > 0) {
    const u = rng.unitVector();
    const d = rng.uniform(0, 0.25) * R;
    m.cavity = { x: centre[0] + u[0] * d, y: centre[1] + u[1] * d, z: centre[2] + u[2] * d, r: lp.cavityFraction * R };
  }
  // Spicules radiate from the surface into the lung.
  for (let i = 0; i < lp.spicules; i++) {
    const u = rng.unitVector();
    const start = surfacePoint(m, u);
    const len = rng.uniform(5, 20);
    // Start a little inside the surface so the spicule's broad base merges with the lesion.
    const base: V3 = [start[0] - u[0] * 1.5, start[1] - u[1] * 1.5, start[2] - u[2] * 1.5];
    const end: V3 = [start[0] + u[0] * len, start[1] + u[1] * len, start[2] + u[2] * len];
    if (!anat.inLung(end[0], end[1], end[2])) continue;
    m.spicules.push(seg(base, end, rng.uniform(1.0, 1.8), rng.uniform(0.2, 0.4)));
  }
  // Pleural tags: toward the nearest pleura.
  if (lp.pleuralTags > 0) {
    let best: V3 = [1, 0, 0];
    let bestD = Infinity;
    for (const d of DIRS26) {
      for (let t = R * 0.8; t < R + 60; t += 2) {
        if (!anat.inLung(centre[0] + d[0] * t, centre[1] + d[1] * t, centre[2] + d[2] * t)) {
          if (t < bestD) {
            bestD = t;
            best = d;
          }
          break;
        }
      }
    }
    if (bestD < R + 60) {
      for (let i = 0; i < lp.pleuralTags; i++) {
        const u = normalise([best[0] + rng.uniform(-0.35, 0.35), best[1] + rng.uniform(-0.35, 0.35), best[2] + rng.uniform(-0.35, 0.35)]);
        const start = surfacePoint(m, u);
        const len = Math.max(3, bestD - R * 0.8 + 3);
        m.tags.push(seg(start, [start[0] + u[0] * len, start[1] + u[1] * len, start[2] + u[2] * len], rng.uniform(0.6, 1.1), rng.uniform(0.5, 0.9)));
      }
    }
  }
  for (let i = 0; i < lp.satellites; i++) {
    const u = rng.unitVector();
    const d = R * rng.uniform(1.5, 2.6);
    const p: V3 = [centre[0] + u[0] * d, centre[1] + u[1] * d, centre[2] + u[2] * d];
    if (anat.inLung(p[0], p[1], p[2], 2)) m.satellites.push({ x: p[0], y: p[1], z: p[2], r: rng.uniform(1.5, 4) });
  }
  return m;
}

function seg(a: V3, b: V3, r0: number, r1: number): Tube {
  return { x0: a[0], y0: a[1], z0: a[2], x1: b[0], y1: b[1], z1: b[2], r0, r1 };
}


/** First point on the lesion surface along direction u from the centre. */
function surfacePoint(m: LesionModel, u: V3): V3 {
  const c = m.centre;
  let t = 0;
  while (t < m.reach && bodyDistance(m, c[0] + u[0] * t, c[1] + u[1] * t, c[2] + u[2] * t) < 0) t += 0.5;
  return [c[0] + u[0] * t, c[1] + u[1] * t, c[2] + u[2] * t];
}

/** Signed distance-like value to the lesion body surface (mm, negative inside). */
export function bodyDistance(m: LesionModel, x: number, y: number, z: number): number {
  const k = 0.12 * m.params.radiusMm;
  let d = Infinity;
  for (const b of m.lobes) {
    const di = Math.sqrt((x - b.x) ** 2 + (y - b.y) ** 2 + (z - b.z) ** 2) - b.r;
    if (d === Infinity) d = di;
    else {
      // Polynomial smooth minimum: lobes merge with rounded notches, the look of lobulation.
      const h = clamp(0.5 + (0.5 * (di - d)) / k, 0, 1);
      d = di * (1 - h) + d * h - k * h * (1 - h);
    }
  }
  const R = m.params.radiusMm;
  const c = m.centre;
  const vx = x - c[0];
  const vy = y - c[1];
  const vz = z - c[2];
  const len = Math.sqrt(vx * vx + vy * vy + vz * vz);
  let bump = 0;
  if (len > 1e-6) {
    const inv = 1 / len;
    for (const b of m.bumps) {
      const cos = (vx * b.x + vy * b.y + vz * b.z) * inv;
      if (cos > 0) bump += b.a * Math.pow(cos, b.p);
    }
  }
  // Bumps push the surface out; the smooth field adds small-scale roughness.
  const rough = m.params.label === 'PIMA' ? 0.3 : 0.8;
  return d - R * bump + rough * m.params.irregularity * R * m.shape.sample(x, y, z);
}
