/**
 * Seeded, platform-independent pseudo-random numbers. Every random choice in the phantom generator
 * flows from here so that the same seed gives byte-identical DICOM on any machine and in any
 * worker order (each patient and each slice derives its own stream from the cohort seed).
 */

/** 32-bit FNV-1a over the parts' string forms: stable stream ids such as (seed, patient, "noise", k). */
export function hashSeed(...parts: Array<number | string>): number {
  let h = 0x811c9dc5;
  const s = parts.join('\u0001');
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // A final avalanche so nearby ids (k, k+1) give unrelated streams.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** mulberry32: fast, 32-bit state, good enough for image synthesis. */
  nextU32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  uniform(a: number, b: number): number {
    return a + (b - a) * this.next();
  }

  /** Integer in [a, b] inclusive. */
  int(a: number, b: number): number {
    return a + Math.floor(this.next() * (b - a + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Box-Muller; one value per call keeps the stream simple to reason about). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Normal clipped to [lo, hi]: parameter distributions with hard physical limits. */
  clippedNormal(mean: number, sd: number, lo: number, hi: number): number {
    return Math.min(hi, Math.max(lo, this.normal(mean, sd)));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Random unit vector, uniform on the sphere. */
  unitVector(): [number, number, number] {
    const z = this.uniform(-1, 1);
    const a = this.uniform(0, 2 * Math.PI);
    const r = Math.sqrt(1 - z * z);
    return [r * Math.cos(a), r * Math.sin(a), z];
  }

  fork(...parts: Array<number | string>): Rng {
    return new Rng(hashSeed(this.nextU32(), ...parts));
  }
}

/**
 * Standard-normal values indexed by 16 random bits (inverse CDF at bin centres). Filling a
 * 512x512 noise image with Box-Muller per pixel costs a log, sqrt and cos each; a table lookup
 * gives two samples per 32-bit draw.
 */
export const GAUSS_TABLE: Float32Array = (() => {
  const n = 65536;
  const t = new Float32Array(n);
  for (let i = 0; i < n; i++) t[i] = inverseNormalCdf((i + 0.5) / n);
  return t;
})();

/** Acklam's rational approximation (relative error < 1.2e-9), used only to build the table. */
function inverseNormalCdf(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  if (p > 1 - pl) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}

/** Fill `out` with independent N(0, sd^2) samples from the table. */
export function fillGaussian(out: Float32Array, rng: Rng, sd: number): void {
  const n = out.length;
  let i = 0;
  while (i < n) {
    const u = rng.nextU32();
    out[i++] = (GAUSS_TABLE[u & 0xffff] as number) * sd;
    if (i < n) out[i++] = (GAUSS_TABLE[u >>> 16] as number) * sd;
  }
}
