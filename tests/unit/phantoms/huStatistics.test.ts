/** Rendered HU per tissue stays in the ranges of real chest CT (lung median about -824 HU on a real slice). */
import { Tissue } from '../../../tools/phantoms/anatomy';
import { samplePatient } from '../../../tools/phantoms/params';
import { PatientRenderer } from '../../../tools/phantoms/volume';

/** Mean HU over pixels whose whole 3x3 neighbourhood has the same tissue: away from blurred edges. */
function interiorMeans(hu: Float32Array, tissue: Uint8Array, n: number): Map<number, { mean: number; count: number }> {
  const acc = new Map<number, { sum: number; count: number }>();
  for (let y = 1; y < n - 1; y++)
    for (let x = 1; x < n - 1; x++) {
      const t = tissue[y * n + x] as number;
      let same = true;
      for (let dy = -1; dy <= 1 && same; dy++) for (let dx = -1; dx <= 1; dx++) if (tissue[(y + dy) * n + x + dx] !== t) same = false;
      if (!same) continue;
      const a = acc.get(t) ?? { sum: 0, count: 0 };
      a.sum += hu[y * n + x] as number;
      a.count++;
      acc.set(t, a);
    }
  const out = new Map<number, { mean: number; count: number }>();
  for (const [t, a] of acc) out.set(t, { mean: a.sum / a.count, count: a.count });
  return out;
}

function pooled(a: { mean: number; count: number }, b: { mean: number; count: number }): { mean: number; count: number } {
  const count = a.count + b.count;
  return { count, mean: ((a.count ? a.mean * a.count : 0) + (b.count ? b.mean * b.count : 0)) / Math.max(1, count) };
}

describe('phantom HU statistics', () => {
  for (const index of [0, 1, 2]) {
    it(`patient ${index}: lung, fat, muscle, bone and air have CT-like HU`, () => {
      const p = samplePatient(31, index, index % 2 ? 'IPN' : 'PIMA', { test: { matrix: 256, numSlices: 3 } });
      const r = new PatientRenderer(p);
      const s = r.renderSlice(1, { keepHU: true, keepTissue: true });
      const m = interiorMeans(s.hu as Float32Array, s.tissue as Uint8Array, 256);
      const get = (t: Tissue): { mean: number; count: number } => m.get(t) ?? { mean: NaN, count: 0 };
      expect(get(Tissue.Lung).count).toBeGreaterThan(2000);
      expect(get(Tissue.Lung).mean).toBeGreaterThan(-900);
      expect(get(Tissue.Lung).mean).toBeLessThan(-770);
      const fat = pooled(get(Tissue.Fat), get(Tissue.MediastinalFat));
      expect(fat.count).toBeGreaterThan(50);
      expect(fat.mean).toBeGreaterThan(-135);
      expect(fat.mean).toBeLessThan(-65);
      expect(get(Tissue.Muscle).mean).toBeGreaterThan(20);
      expect(get(Tissue.Muscle).mean).toBeLessThan(95);
      expect(get(Tissue.Outside).mean).toBeLessThan(-900);
      // Subcutaneous fat darker than muscle, lung darker than fat, bone brighter than soft tissue.
      expect(fat.mean).toBeLessThan(get(Tissue.Muscle).mean - 80);
      const bone = get(Tissue.Cancellous).count > 0 ? get(Tissue.Cancellous).mean : get(Tissue.Cortical).mean;
      expect(bone).toBeGreaterThan(150);
      // Stored values invert exactly to the HU through the series' rescale.
      const intercept = p.acquisition.rescale === 'signed-0' ? 0 : -1024;
      for (let i = 0; i < 256 * 256; i += 97) expect((s.stored[i] as number) + intercept - ((s.hu as Float32Array)[i] as number)).toBe(0);
    });
  }

  it('lung noise grows with the noise parameter', () => {
    const sd = (noise: number): number => {
      const p = samplePatient(31, 0, 'PIMA', { test: { matrix: 128, numSlices: 1 } });
      p.acquisition.noiseSdHU = noise;
      const s = new PatientRenderer(p).renderSlice(0, { keepHU: true, keepTissue: true });
      const hu = s.hu as Float32Array;
      let a = 0;
      let b = 0;
      let n = 0;
      for (let i = 0; i < hu.length; i++)
        if (s.tissue?.[i] === Tissue.Outside && (hu[i] as number) > -1500) {
          a += hu[i] as number;
          b += (hu[i] as number) ** 2;
          n++;
        }
      return Math.sqrt(b / n - (a / n) ** 2);
    };
    expect(sd(40)).toBeGreaterThan(2 * sd(8));
  });
});
