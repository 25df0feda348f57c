/**
 * Renders one phantom patient slice by slice: anatomy, trees, lesion, then the scanner (PSF blur,
 * kernel edge enhancement, correlated noise, reconstruction circle) and the rescale to stored
 * values. Each slice depends only on the patient parameters and its index, so slices can be
 * rendered in any order and the result is byte-identical.
 */
import { Anatomy, Tissue, tissueHU } from './anatomy';
import { buildLesion, bodyDistance, placeLesion, type LesionModel } from './lesions';
import { blur2d, blurredNoiseGain, smoothstep, SmoothField3D } from './noise';
import type { PatientParams } from './params';
import { fillGaussian, hashSeed, Rng } from './rng';
import { bucketTubes, rasterTube, type SliceGrid, type Tube } from './tubes';
import { growTrees, scatterVessels } from './trees';

export interface RoiBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface RenderedSlice {
  k: number;
  /** DICOM z of the slice centre (ImagePositionPatient[2]). */
  zDicom: number;
  stored: Int16Array | Uint16Array;
  hu?: Float32Array;
  tissue?: Uint8Array;
  /** Pixels counted as lesion body (before noise). */
  lesionArea: number;
  lesionBox: RoiBox | null;
}

export interface RenderOptions {
  keepHU?: boolean;
  keepTissue?: boolean;
}

export interface LesionSummary {
  keySlice: number;
  roi: RoiBox;
  bboxK0: number;
  bboxK1: number;
  /** Union of the lesion's in-plane boxes over all its slices. */
  bboxXY: RoiBox;
  centreMm: [number, number, number];
  centreIJK: [number, number, number];
}

export class PatientRenderer {
  readonly anatomy: Anatomy;
  readonly lesion: LesionModel;
  readonly zs: number[];
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  readonly rows: number;
  readonly cols: number;
  readonly spacing: number;
  private readonly huTable: Float32Array;
  private readonly vesselBuckets: Tube[][];
  private readonly airwayBuckets: Tube[][];
  private readonly bigBuckets: Array<Array<{ kind: 'blood' | 'airway' | 'soft'; tube: Tube }>>;
  private readonly lungField: SmoothField3D;
  private readonly coarseField: SmoothField3D;
  private readonly lesionTubes: Tube[][];
  private readonly lesionTagTubes: Tube[][];

  constructor(readonly params: PatientParams) {
    const a = params.acquisition;
    this.anatomy = new Anatomy(params.anatomy);
    const centre = placeLesion(this.anatomy, params.lesion);
    params.lesion.centre = [round2(centre[0]), round2(centre[1]), round2(centre[2])];
    this.lesion = buildLesion(this.anatomy, params.lesion, centre);
    this.rows = a.rows;
    this.cols = a.columns;
    this.spacing = a.pixelSpacingMm;
    this.zs = [];
    for (let k = 0; k < a.numSlices; k++) this.zs.push(a.zFirstMm + (k + 0.5) * a.sliceThicknessMm);
    this.xs = new Float64Array(this.cols);
    this.ys = new Float64Array(this.rows);
    for (let i = 0; i < this.cols; i++) this.xs[i] = a.centreXMm + (i + 0.5 - this.cols / 2) * this.spacing;
    for (let j = 0; j < this.rows; j++) this.ys[j] = a.centreYMm + (j + 0.5 - this.rows / 2) * this.spacing;
    this.huTable = tissueHU(params.anatomy, a.contrast);
    const zLo = (this.zs[0] as number) - 20;
    const zHi = (this.zs[this.zs.length - 1] as number) + 20;
    const trees = growTrees(this.anatomy, params.anatomy.treeSeed, [zLo, zHi]);
    const fragments = scatterVessels(this.anatomy, params.anatomy.treeSeed, zLo, zHi, 2.2);
    this.vesselBuckets = bucketTubes([...trees.arteries, ...trees.veins, ...fragments], this.zs);
    this.airwayBuckets = bucketTubes(trees.airways, this.zs, 1.5);
    const big = this.anatomy.tubes;
    this.bigBuckets = this.zs.map((z) =>
      big.filter((t) => {
        const r = Math.max(t.tube.r0, t.tube.r1) + 2;
        return z >= Math.min(t.tube.z0, t.tube.z1) - r && z <= Math.max(t.tube.z0, t.tube.z1) + r;
      }),
    );
    const lesion = this.lesion;
    this.lesionTubes = bucketTubes([...lesion.spicules], this.zs);
    this.lesionTagTubes = bucketTubes([...lesion.tags], this.zs);
    const rng = new Rng(params.seed).fork('fields');
    const w = 2 * this.anatomy.cavA + 20;
    const h = 2 * this.anatomy.cavB + 20;
    const fx = -w / 2;
    const fy = this.anatomy.cy - h / 2;
    this.lungField = new SmoothField3D(rng.fork('lung'), fx, fy, zLo, 2.2, w, h, zHi - zLo);
    this.coarseField = new SmoothField3D(rng.fork('coarse'), fx, fy, zLo, 7, w, h, zHi - zLo);
  }

  /** DICOM z of slice k. */
  zDicom(k: number): number {
    return round2((this.zs[k] as number) + this.params.acquisition.tableOffsetMm);
  }

  renderSlice(k: number, opts: RenderOptions = {}): RenderedSlice {
    const a = this.params.acquisition;
    const an = this.params.anatomy;
    const anat = this.anatomy;
    const { rows, cols, xs, ys } = this;
    const n = rows * cols;
    const z = this.zs[k] as number;
    const ctx = anat.sliceContext(z);
    const hu = new Float32Array(n);
    const tissue = new Uint8Array(n);
    const table = this.huTable;

    // Lung texture: a fine and a coarse correlated field, with a dependent (posterior) density gradient.
    const tex = new Float32Array(n);
    this.lungField.sampleSlice(z, xs, ys, tex, an.lungTextureHU, false);
    this.coarseField.sampleSlice(z, xs, ys, tex, 10, true);

    const tableTop = anat.cy + an.bodyB * 0.93 + 6;
    for (let j = 0; j < rows; j++) {
      const y = ys[j] as number;
      const row = j * cols;
      for (let i = 0; i < cols; i++) {
        const x = xs[i] as number;
        let t = anat.classify(ctx, x, y);
        if (t === Tissue.Outside) {
          const yt = tableTop + 0.0009 * x * x;
          if (y > yt && y < yt + 6 && Math.abs(x) < an.bodyA * 1.15) t = Tissue.Table;
        }
        tissue[row + i] = t;
        let v = table[t] as number;
        if (t === Tissue.Lung) v += an.lungGradientHU * ((y - anat.cy) / anat.cavB) + (tex[row + i] as number);
        else if (t !== Tissue.Outside && t !== Tissue.Table) v += 0.35 * (tex[row + i] as number);
        hu[row + i] = v;
      }
    }

    const grid: SliceGrid = { cols, rows, x0: xs[0] as number, y0: ys[0] as number, spacing: this.spacing, z };
    const cov = new Float32Array(n);
    const cov2 = new Float32Array(n);

    // Mediastinal tubes: blood vessels, trachea and main bronchi (lumen plus wall), oesophagus.
    for (const t of this.bigBuckets[k] as Array<{ kind: 'blood' | 'airway' | 'soft'; tube: Tube }>) {
      cov.fill(0);
      if (!rasterTube(t.tube, grid, cov)) continue;
      if (t.kind === 'airway') {
        cov2.fill(0);
        rasterTube(t.tube, grid, cov2, 1.8);
        compositeTube(hu, tissue, cov2, 20, Tissue.Muscle);
        compositeTube(hu, tissue, cov, -1000, Tissue.Air);
      } else {
        compositeTube(hu, tissue, cov, t.kind === 'blood' ? an.bloodHU : 40, t.kind === 'blood' ? Tissue.Vessel : Tissue.Muscle);
      }
    }

    // Intrapulmonary vessels and bronchi, drawn only over lung.
    const vcov = new Float32Array(n);
    for (const t of this.vesselBuckets[k] as Tube[]) rasterTube(t, grid, vcov);
    const awall = new Float32Array(n);
    const alum = new Float32Array(n);
    for (const t of this.airwayBuckets[k] as Tube[]) {
      rasterTube(t, grid, awall, 0.25 + 0.18 * t.r0);
      rasterTube(t, grid, alum);
    }
    for (let p = 0; p < n; p++) {
      if (tissue[p] !== Tissue.Lung) continue;
      const w = vcov[p] as number;
      const aw = awall[p] as number;
      const al = alum[p] as number;
      let v = hu[p] as number;
      if (aw > 0) v += (10 - v) * aw * 0.85;
      if (w > 0) v += (an.bloodHU - v) * w;
      if (al > 0) v += (-990 - v) * al;
      hu[p] = v;
      if (w > 0.5) tissue[p] = Tissue.Vessel;
      else if (al > 0.5) tissue[p] = Tissue.Air;
    }

    const lesionOut = this.renderLesion(k, grid, hu, tissue, vcov);

    // Scanner: PSF, kernel edge enhancement, correlated noise, reconstruction circle.
    const tmp = new Float32Array(n);
    blur2d(hu, cols, rows, a.psfSigmaPx, tmp);
    if (a.sharpen > 0) {
      const low = new Float32Array(hu);
      blur2d(low, cols, rows, 1.6 * (cols / 512) + 0.6, tmp);
      for (let p = 0; p < n; p++) hu[p] = (hu[p] as number) + a.sharpen * ((hu[p] as number) - (low[p] as number));
    }
    const noise = new Float32Array(n);
    fillGaussian(noise, new Rng(hashSeed(this.params.seed, 'noise', k)), 1);
    blur2d(noise, cols, rows, a.noiseCorrPx, tmp);
    const gain = a.noiseSdHU / blurredNoiseGain(a.noiseCorrPx);
    const rFov2 = (cols / 2) * (cols / 2);
    const stored = a.rescale === 'unsigned-1024' ? new Uint16Array(n) : new Int16Array(n);
    const intercept = a.rescale === 'signed-0' ? 0 : -1024;
    const lo = a.rescale === 'unsigned-1024' ? -1024 : -3024;
    for (let j = 0; j < rows; j++) {
      const dy = j + 0.5 - rows / 2;
      const row = j * cols;
      for (let i = 0; i < cols; i++) {
        const dx = i + 0.5 - cols / 2;
        const p = row + i;
        let v: number;
        if (dx * dx + dy * dy > rFov2) {
          v = lo;
          tissue[p] = Tissue.Outside;
        } else {
          v = Math.round((hu[p] as number) + (noise[p] as number) * gain);
          if (v < -1024) v = -1024;
          else if (v > 3071) v = 3071;
        }
        hu[p] = v;
        stored[p] = v - intercept;
      }
    }
    const out: RenderedSlice = { k, zDicom: this.zDicom(k), stored, lesionArea: lesionOut.area, lesionBox: lesionOut.box };
    if (opts.keepHU) out.hu = hu;
    if (opts.keepTissue) out.tissue = tissue;
    return out;
  }

  private renderLesion(k: number, grid: SliceGrid, hu: Float32Array, tissue: Uint8Array, vcov: Float32Array): { area: number; box: RoiBox | null } {
    const m = this.lesion;
    const lp = m.params;
    const z = grid.z;
    const c = m.centre;
    // Spicules and pleural tags: thin soft-tissue strands in the lung around the lesion.
    const scov = new Float32Array(hu.length);
    let anyStrand = false;
    for (const t of this.lesionTubes[k] as Tube[]) anyStrand = rasterTube(t, grid, scov) || anyStrand;
    for (const t of this.lesionTagTubes[k] as Tube[]) anyStrand = rasterTube(t, grid, scov) || anyStrand;
    if (anyStrand) {
      for (let p = 0; p < hu.length; p++) {
        const w = scov[p] as number;
        if (w > 0 && tissue[p] === Tissue.Lung) hu[p] = (hu[p] as number) + (lp.solidHU - 15 - (hu[p] as number)) * w;
      }
    }
    const dzc = Math.abs(z - c[2]);
    const satReach = lp.satellites > 0 ? lp.radiusMm * 2.6 + 4 : 0;
    const reach = Math.max(m.reach, satReach);
    if (dzc > reach) return { area: 0, box: null };
    const inv = 1 / grid.spacing;
    const i0 = Math.max(0, Math.floor((c[0] - reach - grid.x0) * inv));
    const i1 = Math.min(grid.cols - 1, Math.ceil((c[0] + reach - grid.x0) * inv));
    const j0 = Math.max(0, Math.floor((c[1] - reach - grid.y0) * inv));
    const j1 = Math.min(grid.rows - 1, Math.ceil((c[1] + reach - grid.y0) * inv));
    const bcov = new Float32Array(hu.length);
    for (const t of m.bronchograms) rasterTube(t, grid, bcov);
    let area = 0;
    let bx0 = Infinity;
    let by0 = Infinity;
    let bx1 = -Infinity;
    let by1 = -Infinity;
    const halo = lp.haloMm;
    const ps = grid.spacing;
    for (let j = j0; j <= j1; j++) {
      const y = grid.y0 + j * ps;
      for (let i = i0; i <= i1; i++) {
        const p = j * grid.cols + i;
        const t0 = tissue[p];
        if (t0 !== Tissue.Lung && t0 !== Tissue.Vessel && t0 !== Tissue.Air) continue;
        const x = grid.x0 + i * ps;
        let v = hu[p] as number;
        // Satellite nodules.
        for (const s of m.satellites) {
          const d = Math.sqrt((x - s.x) ** 2 + (y - s.y) ** 2 + (z - s.z) ** 2) - s.r;
          const w = edgeCoverage(d, inv);
          if (w > 0) v += (lp.solidHU - v) * w;
        }
        const d = bodyDistance(m, x, y, z);
        if (d > halo + 1) {
          hu[p] = v;
          continue;
        }
        if (d > 0 && halo > 0) {
          // Ground-glass halo fading out from the surface.
          const w = 0.85 * (1 - d / halo);
          if (w > 0) v += (lp.haloHU - v) * w;
        }
        const occ = edgeCoverage(d, inv);
        if (occ > 0) {
          const tx = m.texture.sample(x, y, z);
          // Ground-glass weight: patchy (field below a threshold) in PIMA-like lesions, a peripheral
          // rim around a solid core in part-solid IPN-like ones; soft transitions either way.
          let wg = 0;
          if (lp.ggoFraction > 0) {
            wg =
              lp.label === 'PIMA'
                ? smoothstep(m.ggoThreshold + 0.3, m.ggoThreshold - 0.3, m.ggoField.sample(x, y, z))
                : smoothstep(-lp.ggoFraction * lp.radiusMm - 1.5, -lp.ggoFraction * lp.radiusMm + 1.5, d);
          }
          let lv = lp.solidHU + (lp.ggoHU - lp.solidHU) * wg + lp.textureHU * tx;
          if (lp.vesselsThrough) {
            const w = vcov[p] as number;
            if (w > 0) lv += (this.params.anatomy.bloodHU + 10 - lv) * w;
          }
          const bw = bcov[p] as number;
          if (bw > 0) lv += (-960 - lv) * bw;
          for (const b of m.bubbles) {
            const db = Math.sqrt((x - b.x) ** 2 + (y - b.y) ** 2 + (z - b.z) ** 2) - b.r;
            const w = edgeCoverage(db, inv);
            if (w > 0) lv += (-930 - lv) * w;
          }
          if (m.cavity) {
            const cv = m.cavity;
            const dcv = Math.sqrt((x - cv.x) ** 2 + (y - cv.y) ** 2 + (z - cv.z) ** 2) - cv.r * (1 + 0.25 * m.shape.sample(y, z, x));
            const w = edgeCoverage(dcv, inv);
            if (w > 0) lv += (-1000 - lv) * w;
          }
          v += (lv - v) * occ;
          if (occ >= 0.5) {
            tissue[p] = Tissue.Lesion;
            area++;
            if (i < bx0) bx0 = i;
            if (i > bx1) bx1 = i;
            if (j < by0) by0 = j;
            if (j > by1) by1 = j;
          }
        }
        hu[p] = v;
      }
    }
    return { area, box: area > 0 ? { x0: bx0, y0: by0, x1: bx1 + 1, y1: by1 + 1 } : null };
  }

  /** Lesion summary from the per-slice areas and boxes of a full pass. */
  summarise(slices: ReadonlyArray<{ lesionArea: number; lesionBox: RoiBox | null }>): LesionSummary {
    let key = -1;
    let best = 0;
    let k0 = -1;
    let k1 = -1;
    let xy: RoiBox | null = null;
    slices.forEach((s, k) => {
      if (s.lesionArea > 0) {
        if (k0 < 0) k0 = k;
        k1 = k;
      }
      const b = s.lesionBox;
      if (b) xy = xy ? { x0: Math.min(xy.x0, b.x0), y0: Math.min(xy.y0, b.y0), x1: Math.max(xy.x1, b.x1), y1: Math.max(xy.y1, b.y1) } : { ...b };
      if (s.lesionArea > best) {
        best = s.lesionArea;
        key = k;
      }
    });
    if (key < 0) throw new Error(`${this.params.patientId}: the lesion is not visible on any slice`);
    const c = this.lesion.centre;
    const a = this.params.acquisition;
    const ci = Math.round((c[0] - (this.xs[0] as number)) / this.spacing);
    const cj = Math.round((c[1] - (this.ys[0] as number)) / this.spacing);
    const ck = Math.round((c[2] - (this.zs[0] as number)) / a.sliceThicknessMm);
    return {
      keySlice: key,
      roi: (slices[key] as { lesionBox: RoiBox }).lesionBox,
      bboxK0: k0,
      bboxK1: k1,
      bboxXY: xy as unknown as RoiBox,
      centreMm: [round2(c[0]), round2(c[1]), round2(c[2] + a.tableOffsetMm)],
      centreIJK: [ci, cj, ck],
    };
  }
}

/** Fraction of a pixel inside a surface at signed distance d (mm, negative inside): a one-pixel ramp. */
function edgeCoverage(d: number, invSpacing: number): number {
  return Math.min(1, Math.max(0, 0.5 - d * invSpacing));
}

/** Blends a tube's coverage into the slice over any tissue inside the body. */
function compositeTube(hu: Float32Array, tissue: Uint8Array, cov: Float32Array, value: number, label: Tissue): void {
  for (let p = 0; p < hu.length; p++) {
    const w = cov[p] as number;
    if (w <= 0) continue;
    const t = tissue[p];
    if (t === Tissue.Outside || t === Tissue.Skin || t === Tissue.Cortical || t === Tissue.Cancellous || t === Tissue.Disc) continue;
    hu[p] = (hu[p] as number) + (value - (hu[p] as number)) * w;
    if (w >= 0.5) tissue[p] = label;
  }
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
