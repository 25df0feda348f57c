/**
 * Chest anatomy of one phantom as analytic shapes in millimetres (see params.ts for the frame):
 * body wall (skin, fat, muscle), ribs, spine, sternum, lungs, mediastinum with heart and great
 * vessels, diaphragm domes with the upper abdomen below. One classifier serves both the per-pixel
 * renderer and point queries (tree growth, lesion placement), so "inside the lung" means the same
 * thing everywhere.
 */
import type { AnatomyParams } from './params';
import { tube, tubeDistance, type Tube } from './tubes';

export enum Tissue {
  Outside = 0,
  Fat = 1,
  Muscle = 2,
  Lung = 3,
  Cortical = 4,
  Cancellous = 5,
  Heart = 6,
  MediastinalFat = 7,
  Abdomen = 8,
  Lesion = 9,
  Vessel = 10,
  Air = 11,
  Skin = 12,
  Cartilage = 13,
  Table = 14,
  Disc = 15,
}

/** Big mediastinal tubes: blood (aorta, SVC, pulmonary arteries and veins) or airway (trachea, main bronchi). */
export interface NamedTube {
  name: string;
  kind: 'blood' | 'airway' | 'soft';
  tube: Tube;
}

export interface SliceContext {
  z: number;
  /** Lung cross-section scale near the apex (1 in the mid chest, 0 above the apex). */
  lungScale: number;
  heart: { cx: number; cy: number; a: number; b: number } | null;
  disc: boolean;
  sternum: boolean;
}

const HEART_ANGLE = (-35 * Math.PI) / 180;
const COS_H = Math.cos(HEART_ANGLE);
const SIN_H = Math.sin(HEART_ANGLE);

export class Anatomy {
  readonly cavA: number;
  readonly cavB: number;
  readonly cy: number;
  readonly spineY: number;
  readonly tracheaY: number;
  readonly tubes: NamedTube[];
  /** Roots of the intrapulmonary trees: where each main bronchus, pulmonary artery and vein enters a lung. */
  readonly roots: Array<{ kind: 'airway' | 'artery' | 'vein'; side: -1 | 1; point: [number, number, number]; radius: number }>;

  constructor(readonly p: AnatomyParams) {
    const wall = p.fatMm + p.muscleMm + 8;
    this.cavA = p.bodyA - wall;
    this.cavB = p.bodyB - wall;
    this.cy = p.bodyCy;
    this.spineY = this.cy + this.cavB - 10;
    this.tracheaY = this.spineY - p.spineRadius - 14;
    const h = p.heart;
    const ty = this.tracheaY;
    const archZ = 38;
    const descX = 24;
    const descY = this.spineY - p.spineRadius - 6;
    const t: NamedTube[] = [
      { name: 'trachea', kind: 'airway', tube: tube([0, ty, 260], [0, ty, 0], 8.5) },
      { name: 'right main bronchus', kind: 'airway', tube: tube([0, ty, 0], [-38, ty + 6, -20], 6.5, 5.5) },
      { name: 'left main bronchus', kind: 'airway', tube: tube([0, ty, 0], [40, ty + 8, -36], 6, 5) },
      { name: 'esophagus', kind: 'soft', tube: tube([7, ty + 14, 260], [12, ty + 16, -160], 7) },
      { name: 'ascending aorta', kind: 'blood', tube: tube([h.x - 22, h.y - 8, h.z + h.c * 0.5], [-6, h.y - 14, archZ - 6], 15) },
      { name: 'aortic arch 1', kind: 'blood', tube: tube([-6, h.y - 14, archZ - 6], [6, (h.y + descY) / 2 - 6, archZ + 6], 14) },
      { name: 'aortic arch 2', kind: 'blood', tube: tube([6, (h.y + descY) / 2 - 6, archZ + 6], [descX, descY, archZ - 4], 13) },
      { name: 'descending aorta', kind: 'blood', tube: tube([descX, descY, archZ - 4], [descX - 6, descY - 2, -260], 12.5, 11.5) },
      { name: 'superior vena cava', kind: 'blood', tube: tube([-30, h.y - 2, 140], [-26, h.y + 4, h.z + h.c * 0.45], 10) },
      { name: 'pulmonary trunk', kind: 'blood', tube: tube([h.x - 6, h.y - 18, h.z + h.c * 0.55], [h.x - 10, h.y - 6, 8], 14, 13) },
      { name: 'left pulmonary artery', kind: 'blood', tube: tube([h.x - 10, h.y - 6, 8], [34, ty + 2, 2], 10, 8) },
      { name: 'right pulmonary artery', kind: 'blood', tube: tube([h.x - 10, h.y - 6, 8], [-34, ty - 6, -6], 10, 8) },
      { name: 'right pulmonary vein', kind: 'blood', tube: tube([h.x - 12, h.y + h.b * 0.6, h.z + 18], [-32, ty + 14, -42], 7, 6) },
      { name: 'left pulmonary vein', kind: 'blood', tube: tube([h.x + 4, h.y + h.b * 0.6, h.z + 18], [32, ty + 16, -50], 7, 6) },
    ];
    this.tubes = t;
    const end = (n: string): [number, number, number] => {
      const tt = (t.find((x) => x.name === n) as NamedTube).tube;
      return [tt.x1, tt.y1, tt.z1];
    };
    this.roots = [
      { kind: 'airway', side: -1, point: end('right main bronchus'), radius: 5.5 },
      { kind: 'airway', side: 1, point: end('left main bronchus'), radius: 5 },
      { kind: 'artery', side: -1, point: end('right pulmonary artery'), radius: 7 },
      { kind: 'artery', side: 1, point: end('left pulmonary artery'), radius: 7 },
      { kind: 'vein', side: -1, point: end('right pulmonary vein'), radius: 6 },
      { kind: 'vein', side: 1, point: end('left pulmonary vein'), radius: 6.5 },
    ];
  }

  sliceContext(z: number): SliceContext {
    const p = this.p;
    const top = p.apexZ - 70;
    let lungScale = 1;
    if (z > top) {
      const u = (z - top) / (p.apexZ - top);
      lungScale = u >= 1 ? 0 : Math.sqrt(1 - u * u);
    }
    let heart: SliceContext['heart'] = null;
    const hz = (z - p.heart.z) / p.heart.c;
    if (hz > -1 && hz < 1) {
      const s = Math.sqrt(1 - hz * hz);
      heart = { cx: p.heart.x, cy: p.heart.y, a: p.heart.a * s, b: p.heart.b * s };
    }
    const level = (((z + 1000) % 26) + 26) % 26;
    return { z, lungScale, heart, disc: level < 5, sternum: z > -120 && z < 70 };
  }

  /** Diaphragm height under (x, y): the dome is highest centrally and lowest in the posterior recesses. */
  domeZ(x: number, y: number): number {
    const p = this.p;
    const side = x < 0 ? p.domeRightZ : p.domeLeftZ;
    const u = (Math.abs(x) - 0.42 * this.cavA) / (0.62 * this.cavA);
    const v = (y - this.cy + 0.1 * this.cavB) / (0.95 * this.cavB);
    const post = y > this.cy ? (y - this.cy) / this.cavB : 0;
    return side - p.domeDepth * (u * u + v * v) - 35 * post * post;
  }

  /** Tissue class of a point, before tubes and lesions; `ctx` must be sliceContext(z). */
  classify(ctx: SliceContext, x: number, y: number): Tissue {
    const p = this.p;
    const yc = y - this.cy;
    const bx = x / p.bodyA;
    const by = yc / p.bodyB;
    const rho2 = bx * bx + by * by;
    if (rho2 > 1 || yc > p.bodyB * 0.93) return Tissue.Outside;
    const rho = Math.sqrt(rho2);
    const r = Math.sqrt(x * x + yc * yc);
    const depth = rho > 1e-6 ? r * (1 / rho - 1) : 1e9;
    if (depth < 1.6) return Tissue.Skin;

    // Spine: vertebral body, canal and posterior elements, with paraspinal muscles around them.
    const sy = this.spineY;
    const sr = p.spineRadius;
    const dxs = x;
    const dys = y - sy;
    const dv = Math.sqrt(dxs * dxs + dys * dys);
    if (dv < sr) {
      if (ctx.disc) return Tissue.Disc;
      return dv > sr - 1.8 ? Tissue.Cortical : Tissue.Cancellous;
    }
    const canalY = sy + sr + 7;
    const dc = Math.sqrt(x * x + (y - canalY) * (y - canalY));
    if (dc < 7) return Tissue.MediastinalFat;
    if (dc < 10.5 && y > canalY - 4) return Tissue.Cortical;
    if (Math.abs(x) < 3.5 && y > canalY && y < canalY + 30 && depth > 10) return Tissue.Cortical;
    if (!ctx.disc) {
      // Transverse processes: short bony bars running back and out from the arch at about 35 degrees.
      const ax = Math.abs(x) - (sr * 0.55);
      const ay = y - (sy + sr * 0.55);
      const along = ax * 0.82 + ay * 0.57;
      const across = -ax * 0.57 + ay * 0.82;
      if (along > 0 && along < sr + 4 && Math.abs(across) < 3.2) return Tissue.Cortical;
    }
    const px = (Math.abs(x) - 28) / 30;
    const py = (y - (canalY + 12)) / 24;
    if (px * px + py * py < 1 && depth > p.fatMm * 0.6) return Tissue.Muscle;

    const cx = x / this.cavA;
    const cyy = yc / this.cavB;
    const rc2 = cx * cx + cyy * cyy;
    if (rc2 > 1) {
      // Chest wall: ribs in a band just outside the pleura, sternum in front, then muscle and fat.
      const rib = this.ribAt(ctx, x, yc, Math.sqrt(rc2));
      if (rib !== Tissue.Outside) return rib;
      if (ctx.sternum) {
        const ex = x / 14;
        const ey = (yc + this.cavB + 6) / 6;
        const e = ex * ex + ey * ey;
        if (e < 1) return e > 0.55 ? Tissue.Cortical : Tissue.Cancellous;
      }
      return depth < p.fatMm ? Tissue.Fat : Tissue.Muscle;
    }

    // Inside the thoracic cavity.
    const h = ctx.heart;
    if (h) {
      const hx = x - h.cx;
      const hy = y - h.cy;
      const u = (hx * COS_H + hy * SIN_H) / h.a;
      const v = (-hx * SIN_H + hy * COS_H) / h.b;
      const e = u * u + v * v;
      if (e < 1) return Tissue.Heart;
      const ua = (hx * COS_H + hy * SIN_H) / (h.a + 5);
      const va = (-hx * SIN_H + hy * COS_H) / (h.b + 5);
      if (ua * ua + va * va < 1) return Tissue.MediastinalFat;
    }
    if (ctx.z < this.domeZ(x, y)) return Tissue.Abdomen;
    const post = yc > 0 ? yc / this.cavB : 0;
    // The mediastinum narrows to the anterior junction line in front and widens toward the spine.
    const yn = yc / this.cavB;
    const ant = yn < -0.2 ? Math.max(0.3, 1 - (-0.2 - yn) * 1.2) : 1;
    const medHalf = p.medHalfMm * ant + 16 * post + (ctx.z > 0 ? 4 : 0);
    if (Math.abs(x - 4 * post) < medHalf) return Tissue.MediastinalFat;
    if (dv < sr + 5) return Tissue.MediastinalFat;
    const s = ctx.lungScale;
    if (s <= 0 || rc2 > s * s) return Tissue.MediastinalFat;
    return Tissue.Lung;
  }

  private ribAt(ctx: SliceContext, x: number, yc: number, rc: number): Tissue {
    const p = this.p;
    const meanR = 0.5 * (this.cavA + this.cavB);
    // Radial offset (mm) from the rib centre line, 5 mm outside the pleura.
    const radial = (rc - 1) * meanR - 5;
    if (radial < -4.5 || radial > 4.5) return Tissue.Outside;
    const theta = Math.abs(Math.atan2(x / this.cavA, yc / this.cavB)) / Math.PI;
    if (theta < 0.11 || theta > 0.9) return Tissue.Outside;
    const drop = p.ribDrop * Math.pow(theta, 1.6);
    const f = (p.ribTopZ - drop - ctx.z) / p.ribSpacing;
    const i = Math.round(f);
    if (i < 0) return Tissue.Outside;
    const dzr = (f - i) * p.ribSpacing;
    const u = radial / 4.5;
    const v = dzr / 5.5;
    const e = u * u + v * v;
    if (e >= 1) return Tissue.Outside;
    if (theta > 0.74) return Tissue.Cartilage;
    return e > 0.45 ? Tissue.Cortical : Tissue.Cancellous;
  }

  /** True where a point is lung parenchyma (not mediastinal tubes), at least `margin` mm from the big tubes. */
  inLung(x: number, y: number, z: number, margin = 0): boolean {
    const ctx = this.sliceContext(z);
    if (this.classify(ctx, x, y) !== Tissue.Lung) return false;
    for (const t of this.tubes) {
      const tt = t.tube;
      const reach = Math.max(tt.r0, tt.r1) + margin + 1.5;
      if (z < Math.min(tt.z0, tt.z1) - reach || z > Math.max(tt.z0, tt.z1) + reach) continue;
      if (tubeDistance(tt, x, y, z) < margin + 1.5) return false;
    }
    return true;
  }

  /** Smallest distance (mm, up to maxD) from a lung point to non-lung, probed along 26 directions. */
  lungDepth(x: number, y: number, z: number, maxD: number): number {
    if (!this.inLung(x, y, z)) return 0;
    let best = maxD;
    for (const [ux, uy, uz] of DIRS26) {
      for (let d = 1.5; d < best; d += 1.5) {
        if (!this.inLung(x + ux * d, y + uy * d, z + uz * d)) {
          best = d;
          break;
        }
      }
    }
    return best;
  }
}

export const DIRS26: Array<[number, number, number]> = (() => {
  const out: Array<[number, number, number]> = [];
  for (let a = -1; a <= 1; a++)
    for (let b = -1; b <= 1; b++)
      for (let c = -1; c <= 1; c++) {
        if (a === 0 && b === 0 && c === 0) continue;
        const n = Math.sqrt(a * a + b * b + c * c);
        out.push([a / n, b / n, c / n]);
      }
  return out;
})();

/** Mean HU of each tissue for a patient (texture and noise come on top). */
export function tissueHU(p: AnatomyParams, contrast: boolean): Float32Array {
  const hu = new Float32Array(16);
  hu[Tissue.Outside] = -1000;
  hu[Tissue.Fat] = -105;
  hu[Tissue.Muscle] = contrast ? 62 : 48;
  hu[Tissue.Lung] = p.lungHU;
  hu[Tissue.Cortical] = 900;
  hu[Tissue.Cancellous] = 240;
  hu[Tissue.Heart] = contrast ? Math.round(p.bloodHU * 0.75) : p.bloodHU;
  hu[Tissue.MediastinalFat] = -95;
  hu[Tissue.Abdomen] = contrast ? 105 : 56;
  hu[Tissue.Lesion] = 30;
  hu[Tissue.Vessel] = p.bloodHU;
  hu[Tissue.Air] = -1000;
  hu[Tissue.Skin] = 25;
  hu[Tissue.Cartilage] = 140;
  hu[Tissue.Table] = 350;
  hu[Tissue.Disc] = 85;
  return hu;
}
