/**
 * Image-domain filters for the phantom generator: separable Gaussian blur (scanner PSF, correlated
 * noise) and a smooth 3-D random field sampled on a coarse grid (lung parenchyma texture).
 * Everything runs on typed arrays in plain loops: these are the hot paths of the generator.
 */
import { fillGaussian, Rng } from './rng';

/** Normalised 1-D Gaussian taps for sigma (in pixels); radius 3 sigma, at least 1 tap each side. */
export function gaussianKernel(sigma: number): Float32Array {
  if (sigma <= 0) return Float32Array.of(1);
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const v = Math.exp((-i * i) / (2 * sigma * sigma));
    k[i + radius] = v;
    sum += v;
  }
  for (let i = 0; i < k.length; i++) k[i] = (k[i] as number) / sum;
  return k;
}

/**
 * In-place separable blur of a width x height image with edge clamping. `tmp` must hold
 * width*height values; passing it in lets the caller reuse one scratch buffer per slice.
 */
export function blur2d(img: Float32Array, width: number, height: number, sigma: number, tmp: Float32Array): void {
  if (sigma <= 0) return;
  const k = gaussianKernel(sigma);
  const r = (k.length - 1) >> 1;
  // Horizontal pass: clamped taps only near the left and right edges, a plain loop in between.
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      let acc = 0;
      if (x >= r && x < width - r) {
        const base = row + x - r;
        for (let t = 0; t < k.length; t++) acc += (img[base + t] as number) * (k[t] as number);
      } else {
        for (let t = -r; t <= r; t++) {
          let xx = x + t;
          if (xx < 0) xx = 0;
          else if (xx >= width) xx = width - 1;
          acc += (img[row + xx] as number) * (k[t + r] as number);
        }
      }
      tmp[row + x] = acc;
    }
  }
  // Vertical pass as weighted sums of whole rows, so memory is read contiguously.
  img.fill(0);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let t = -r; t <= r; t++) {
      let yy = y + t;
      if (yy < 0) yy = 0;
      else if (yy >= height) yy = height - 1;
      const src = yy * width;
      const w = k[t + r] as number;
      for (let x = 0; x < width; x++) img[row + x] = (img[row + x] as number) + (tmp[src + x] as number) * w;
    }
  }
}

/** Standard deviation a unit-variance white field keeps after blur2d(sigma): lets noise be scaled to a target SD. */
export function blurredNoiseGain(sigma: number): number {
  const k = gaussianKernel(sigma);
  let s = 0;
  for (let i = 0; i < k.length; i++) s += (k[i] as number) * (k[i] as number);
  // The 2-D kernel is the outer product, so its energy is the square of the 1-D energy.
  return Math.sqrt(s * s);
}

/**
 * Zero-mean, unit-SD smooth random field on a regular 3-D grid covering a box in millimetres,
 * sampled by trilinear interpolation. Correlation length is about twice the grid step.
 */
export class SmoothField3D {
  readonly nx: number;
  readonly ny: number;
  readonly nz: number;
  private readonly data: Float32Array;

  constructor(
    rng: Rng,
    readonly x0: number,
    readonly y0: number,
    readonly z0: number,
    readonly step: number,
    sizeX: number,
    sizeY: number,
    sizeZ: number,
    smoothPasses = 1,
  ) {
    this.nx = Math.max(2, Math.ceil(sizeX / step) + 2);
    this.ny = Math.max(2, Math.ceil(sizeY / step) + 2);
    this.nz = Math.max(2, Math.ceil(sizeZ / step) + 2);
    const n = this.nx * this.ny * this.nz;
    this.data = new Float32Array(n);
    fillGaussian(this.data, rng, 1);
    // Passes of a [1 2 1]/4 filter along each axis remove the lattice look of raw grid values.
    for (let i = 0; i < smoothPasses; i++) smooth121(this.data, this.nx, this.ny, this.nz);
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (this.data[i] as number) * (this.data[i] as number);
    const sd = Math.sqrt(ss / n) || 1;
    for (let i = 0; i < n; i++) this.data[i] = (this.data[i] as number) / sd;
  }

  /**
   * Samples the field on the pixel grid of one axial slice: out[j*cols+i] = field(xs[i], ys[j], z).
   * The z interpolation is done once on the grid plane, then separable bilinear in x and y.
   */
  sampleSlice(z: number, xs: Float64Array, ys: Float64Array, out: Float32Array, amplitude: number, add: boolean): void {
    const { nx, ny, nz, data } = this;
    let fz = (z - this.z0) / this.step;
    if (fz < 0) fz = 0;
    if (fz > nz - 1.001) fz = nz - 1.001;
    const iz = Math.floor(fz);
    const tz = fz - iz;
    const plane = new Float32Array(nx * ny);
    const a = iz * nx * ny;
    const b = a + nx * ny;
    for (let i = 0; i < nx * ny; i++) plane[i] = (data[a + i] as number) * (1 - tz) + (data[b + i] as number) * tz;
    const cols = xs.length;
    const rows = ys.length;
    const ix = new Int32Array(cols);
    const tx = new Float32Array(cols);
    for (let i = 0; i < cols; i++) {
      let f = ((xs[i] as number) - this.x0) / this.step;
      if (f < 0) f = 0;
      if (f > nx - 1.001) f = nx - 1.001;
      ix[i] = Math.floor(f);
      tx[i] = f - Math.floor(f);
    }
    for (let j = 0; j < rows; j++) {
      let f = ((ys[j] as number) - this.y0) / this.step;
      if (f < 0) f = 0;
      if (f > ny - 1.001) f = ny - 1.001;
      const jy = Math.floor(f);
      const ty = f - jy;
      const r0 = jy * nx;
      const r1 = r0 + nx;
      const row = j * cols;
      for (let i = 0; i < cols; i++) {
        const x0 = ix[i] as number;
        const t = tx[i] as number;
        const top = (plane[r0 + x0] as number) * (1 - t) + (plane[r0 + x0 + 1] as number) * t;
        const bot = (plane[r1 + x0] as number) * (1 - t) + (plane[r1 + x0 + 1] as number) * t;
        const v = (top * (1 - ty) + bot * ty) * amplitude;
        out[row + i] = add ? (out[row + i] as number) + v : v;
      }
    }
  }

  /** Single-point trilinear sample (used by lesion surfaces, where only a few thousand points are needed). */
  sample(x: number, y: number, z: number): number {
    const { nx, ny, nz, data } = this;
    const fx = clamp((x - this.x0) / this.step, 0, nx - 1.001);
    const fy = clamp((y - this.y0) / this.step, 0, ny - 1.001);
    const fz = clamp((z - this.z0) / this.step, 0, nz - 1.001);
    const ix = Math.floor(fx);
    const iy = Math.floor(fy);
    const iz = Math.floor(fz);
    // Smoothstep weights make the interpolant C1: lesion surfaces built from it have no facets.
    let tx = fx - ix;
    let ty = fy - iy;
    let tz = fz - iz;
    tx = tx * tx * (3 - 2 * tx);
    ty = ty * ty * (3 - 2 * ty);
    tz = tz * tz * (3 - 2 * tz);
    const i000 = (iz * ny + iy) * nx + ix;
    const sxy = nx * ny;
    const c00 = (data[i000] as number) * (1 - tx) + (data[i000 + 1] as number) * tx;
    const c10 = (data[i000 + nx] as number) * (1 - tx) + (data[i000 + nx + 1] as number) * tx;
    const c01 = (data[i000 + sxy] as number) * (1 - tx) + (data[i000 + sxy + 1] as number) * tx;
    const c11 = (data[i000 + sxy + nx] as number) * (1 - tx) + (data[i000 + sxy + nx + 1] as number) * tx;
    return (c00 * (1 - ty) + c10 * ty) * (1 - tz) + (c01 * (1 - ty) + c11 * ty) * tz;
  }
}

function smooth121(d: Float32Array, nx: number, ny: number, nz: number): void {
  const strides = [1, nx, nx * ny];
  const dims = [nx, ny, nz];
  const tmp = new Float32Array(d.length);
  for (let axis = 0; axis < 3; axis++) {
    const s = strides[axis] as number;
    const n = dims[axis] as number;
    tmp.set(d);
    for (let i = 0; i < d.length; i++) {
      const c = Math.floor(i / s) % n;
      const prev = c > 0 ? (tmp[i - s] as number) : (tmp[i] as number);
      const next = c < n - 1 ? (tmp[i + s] as number) : (tmp[i] as number);
      d[i] = 0.25 * prev + 0.5 * (tmp[i] as number) + 0.25 * next;
    }
  }
}

export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

export function smoothstep(e0: number, e1: number, x: number): number {
  const t = clamp((x - e0) / (e1 - e0), 0, 1);
  return t * t * (3 - 2 * t);
}
